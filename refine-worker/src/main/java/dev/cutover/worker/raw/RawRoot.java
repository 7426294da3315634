package dev.cutover.worker.raw;

import java.nio.file.InvalidPathException;
import java.util.Optional;
import java.util.regex.Pattern;
import org.apache.hadoop.fs.Path;

/**
 * Where raw input lives, as {@code --raw-dir} names it: a Hadoop URI ({@code hdfs:///wmf/data/raw/event},
 * {@code s3a://bucket/raw/event}, {@code file:///srv/raw}, any scheme the Hadoop configuration knows) or a
 * plain path, which always means the local file system (relative paths are resolved against the working
 * directory), never the cluster's default file system.
 */
public record RawRoot(Path path) {

    /** {@code scheme:/...}: a one-letter scheme would be a Windows drive, so at least two characters. */
    private static final Pattern URI_FORM = Pattern.compile("[A-Za-z][A-Za-z0-9+.-]+:/.*");

    public static RawRoot parse(String rawDir) {
        if (rawDir == null || rawDir.isBlank()) {
            throw new IllegalArgumentException("--raw-dir is empty; pass a local path or a URI such as"
                    + " hdfs:///wmf/data/raw/event");
        }
        String text = rawDir.trim();
        if (URI_FORM.matcher(text).matches()) {
            try {
                return new RawRoot(new Path(text));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("--raw-dir '" + text + "' is not a valid URI (" + e.getMessage()
                        + "); pass a URI such as hdfs:///wmf/data/raw/event or a local path", e);
            }
        }
        try {
            return local(java.nio.file.Path.of(text));
        } catch (InvalidPathException e) {
            throw new IllegalArgumentException("--raw-dir '" + text + "' is not a valid path (" + e.getMessage()
                    + "); pass a local path or a URI such as hdfs:///wmf/data/raw/event", e);
        }
    }

    /** A local directory, made absolute. */
    public static RawRoot local(java.nio.file.Path dir) {
        return new RawRoot(new Path("file", null, dir.toAbsolutePath().normalize().toString()));
    }

    public String scheme() {
        return path.toUri().getScheme();
    }

    /** The local directory when the root is on the local file system. */
    public Optional<java.nio.file.Path> localPath() {
        return "file".equals(scheme()) ? Optional.of(java.nio.file.Path.of(path.toUri().getPath())) : Optional.empty();
    }

    /** A local root as its plain path (as the user usually wrote it), anything else as its URI. */
    @Override
    public String toString() {
        return localPath().map(java.nio.file.Path::toString).orElseGet(() -> path.toUri().toString());
    }
}
