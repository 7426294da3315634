package dev.cutover.worker.raw;

import java.io.IOException;
import java.net.URI;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.RawLocalFileSystem;

/**
 * The local file system under the scheme {@code listed:}, a Hadoop file system java.nio knows nothing about,
 * recording the path of every directory listed through it (Hadoop instantiates it by class name, so the record
 * is static; tests clear it first).
 */
public final class ListingRecorderFileSystem extends RawLocalFileSystem {

    static final String SCHEME = "listed";
    static final Queue<String> LISTED = new ConcurrentLinkedQueue<>();

    /** A configuration in which {@code listed:} is this file system (not cached: each lookup a new instance). */
    static Configuration configuration() {
        Configuration conf = new Configuration();
        conf.set("fs." + SCHEME + ".impl", ListingRecorderFileSystem.class.getName());
        conf.setBoolean("fs." + SCHEME + ".impl.disable.cache", true);
        return conf;
    }

    @Override
    public URI getUri() {
        return URI.create(SCHEME + ":///");
    }

    @Override
    public String getScheme() {
        return SCHEME;
    }

    @Override
    public FileStatus[] listStatus(Path f) throws IOException {
        LISTED.add(f.toUri().getPath());
        return super.listStatus(f);
    }
}
