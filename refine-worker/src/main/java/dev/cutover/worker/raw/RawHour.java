package dev.cutover.worker.raw;

import dev.cutover.protocol.Hour;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.apache.hadoop.fs.Path;

/**
 * The raw input of one (stream, hour): one directory per datacenter for the {@code <dc>.<stream>} layout,
 * a single directory for {@code eventlogging_<Name>}.
 *
 * @param bytes  total size of the data files
 * @param mtime  newest modification time (millis) of anything in the hour's directories; a re-import
 *               changes it, which makes the hour due again
 */
public record RawHour(String stream, Hour hour, List<Dir> dirs, long bytes, long mtime) {

    /**
     * One directory of input; {@code datacenter} is empty for the layout without datacenters. {@code path} is
     * a Hadoop path (any file system: {@code hdfs:}, {@code s3a:}, {@code file:}), as listed.
     *
     * @param importedAt when the {@code _IMPORTED} flag was written (its modification time, millis); 0 when
     *                   unknown or not imported
     */
    public record Dir(Optional<String> datacenter, Path path, boolean imported, long importedAt) {

        /** A directory whose flag's time is not known. */
        public Dir(Optional<String> datacenter, Path path, boolean imported) {
            this(datacenter, path, imported, 0);
        }
    }

    public RawHour {
        dirs = List.copyOf(dirs);
    }

    public boolean hasDatacenters() {
        return dirs.stream().anyMatch(d -> d.datacenter().isPresent());
    }

    /** Complete when every directory carries the {@code _IMPORTED} flag. */
    public boolean complete() {
        return !dirs.isEmpty() && dirs.stream().allMatch(Dir::imported);
    }

    /**
     * When the hour was marked complete: the newest {@code _IMPORTED} flag of its directories (the last one written
     * completes it); empty while it is incomplete or when a flag's time is unknown.
     */
    public Optional<Instant> completedAt() {
        if (!complete() || dirs.stream().anyMatch(d -> d.importedAt() <= 0)) {
            return Optional.empty();
        }
        return Optional.of(Instant.ofEpochMilli(dirs.stream().mapToLong(Dir::importedAt).max().orElseThrow()));
    }

    public List<String> datacenters() {
        return dirs.stream().flatMap(d -> d.datacenter().stream()).sorted().toList();
    }
}
