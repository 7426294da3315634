package dev.cutover.worker.table;

import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.Optional;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * The digest of one partition directory's data files: {@code <count>:<first 16 hex digits of SHA-256 over the
 * sorted "name length" lines>}. Data files are the plain files Spark reads, i.e. not starting with {@code _}
 * or {@code .} (so {@code _COMMIT.json} and {@code _SUCCESS} are not part of it). One directory listing,
 * no file is opened: cheap enough to check before trusting a partition's recorded checksum.
 */
public final class PartitionFiles {

    private PartitionFiles() {
    }

    public static String digest(FileSystem fs, Path dir) {
        return find(fs, dir).orElseThrow(() -> new IllegalStateException("partition directory " + dir + " does not exist"));
    }

    /** The digest, or empty when the directory does not exist. */
    public static Optional<String> find(FileSystem fs, Path dir) {
        FileStatus[] all;
        try {
            all = fs.listStatus(dir);
        } catch (FileNotFoundException e) {
            return Optional.empty();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + dir, e);
        }
        FileStatus[] files = Arrays.stream(all)
                .filter(s -> s.isFile() && !s.getPath().getName().startsWith("_") && !s.getPath().getName().startsWith("."))
                .sorted(Comparator.comparing(s -> s.getPath().getName()))
                .toArray(FileStatus[]::new);
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            for (FileStatus f : files) {
                sha.update((f.getPath().getName() + " " + f.getLen() + "\n").getBytes(StandardCharsets.UTF_8));
            }
            return Optional.of(files.length + ":" + HexFormat.of().formatHex(sha.digest()).substring(0, 16));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
