package dev.cutover.worker.refine;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.cutover.protocol.Hour;
import dev.cutover.worker.raw.RawHour;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Optional;

/**
 * Refine's {@code _REFINED} flags, kept in the state directory:
 * {@code <state>/refined/<job>/<stream>/<hour>.json} = {database, epoch, raw_mtime, raw_bytes, status}.
 * An hour is done for a job when an OK marker matches the current route (database and epoch) and the raw
 * input is unchanged (same newest mtime and size). Only OK outcomes are recorded: a FAILED hour is tried
 * again by the next run (a FAILED marker written by an older version does not count as done); ABORTED
 * hours are never marked.
 */
public final class DoneMarkers {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final Path root;

    public DoneMarkers(Path stateDir) {
        this.root = stateDir.resolve("refined");
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Marker(@JsonProperty("database") String database, @JsonProperty("epoch") long epoch,
                         @JsonProperty("raw_mtime") long rawMtime, @JsonProperty("raw_bytes") long rawBytes,
                         @JsonProperty("status") String status, @JsonProperty("rows") Long rows,
                         @JsonProperty("at") String at) {
    }

    public Path file(String job, String stream, Hour hour) {
        return root.resolve(job).resolve(stream).resolve(hour + ".json");
    }

    public Optional<Marker> read(String job, String stream, Hour hour) {
        Path f = file(job, stream, hour);
        if (!Files.exists(f)) {
            return Optional.empty();
        }
        try {
            return Optional.of(JSON.readValue(f.toFile(), Marker.class));
        } catch (IOException e) {
            return Optional.empty(); // unreadable marker: treat the hour as not done
        }
    }

    public boolean isDone(String job, RawHour raw, String database, long epoch) {
        return read(job, raw.stream(), raw.hour()).filter(m -> "OK".equals(m.status()) && m.database().equals(database)
                && m.epoch() == epoch && m.rawMtime() == raw.mtime() && m.rawBytes() == raw.bytes()).isPresent();
    }

    public void record(String job, RawHour raw, Marker marker) {
        Path f = file(job, raw.stream(), raw.hour());
        try {
            Files.createDirectories(f.getParent());
            Path tmp = f.resolveSibling(f.getFileName() + ".tmp");
            JSON.writeValue(tmp.toFile(), marker);
            Files.move(tmp, f, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write done-marker " + f, e);
        }
    }
}
