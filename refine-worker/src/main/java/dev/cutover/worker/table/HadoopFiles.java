package dev.cutover.worker.table;

import dev.cutover.worker.commit.Janitor;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.net.URI;
import java.util.Arrays;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/** The {@link Janitor}'s file calls on the Hadoop file systems (local, HDFS, S3) of a configuration. */
public final class HadoopFiles implements Janitor.Files {

    private final Configuration conf;

    public HadoopFiles(Configuration conf) {
        this.conf = conf;
    }

    @Override
    public List<String> directories(URI dir) throws IOException {
        Path path = new Path(dir);
        try {
            return Arrays.stream(path.getFileSystem(conf).listStatus(path)).filter(FileStatus::isDirectory)
                    .map(s -> s.getPath().getName()).toList();
        } catch (FileNotFoundException e) {
            return List.of();
        }
    }

    @Override
    public void deleteRecursively(URI dir) throws IOException {
        Path path = new Path(dir);
        FileSystem fs = path.getFileSystem(conf);
        if (!fs.delete(path, true) && fs.exists(path)) {
            throw new IOException("the file system did not delete it");
        }
    }
}
