package dev.cutover.worker.raw;

import dev.cutover.protocol.Hour;
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
     */
    public record Dir(Optional<String> datacenter, Path path, boolean imported) {
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

    public List<String> datacenters() {
        return dirs.stream().flatMap(d -> d.datacenter().stream()).sorted().toList();
    }
}
