package dev.cutover.streamconfig.source;

import dev.cutover.streamconfig.ConfigParseException;
import dev.cutover.streamconfig.Snapshot;
import dev.cutover.streamconfig.SnapshotParser;
import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * A stream config file: the API's JSON shape ({@code {"streams": {...}}}) or a bare map of streams, as
 * JSON or YAML. Change detection is by content hash: the same content as the previous snapshot is
 * {@link FetchResult.Unchanged}, whatever the file's timestamp says. The snapshot version is
 * {@code sha256:<first 16 hex digits>} of the content.
 */
public final class FileConfigSource implements ConfigSource {

    private final Path file;
    private final Clock clock;

    public FileConfigSource(Path file, Clock clock) {
        this.file = Objects.requireNonNull(file, "file");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    @Override
    public FetchResult fetch(Optional<Snapshot> previous) {
        Instant now = clock.instant();
        byte[] content;
        try {
            content = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            return new FetchResult.Failed(describe() + ": file not found; check the path (--config-source)",
                    FetchResult.FailureKind.PERMANENT, Optional.empty());
        } catch (AccessDeniedException e) {
            return new FetchResult.Failed(describe() + ": permission denied; make the file readable",
                    FetchResult.FailureKind.PERMANENT, Optional.empty());
        } catch (IOException e) {
            return new FetchResult.Failed(describe() + ": cannot read the file (" + e + ")",
                    Files.isDirectory(file) ? FetchResult.FailureKind.PERMANENT : FetchResult.FailureKind.TRANSIENT,
                    Optional.empty());
        }
        Snapshot parsed;
        try {
            parsed = SnapshotParser.parse(content, describe(), Optional.empty(), now);
        } catch (ConfigParseException e) {
            return new FetchResult.Failed(e.getMessage(), FetchResult.FailureKind.INVALID_CONTENT, Optional.empty());
        }
        if (previous.isPresent() && previous.get().contentHash().equals(parsed.contentHash())) {
            return new FetchResult.Unchanged(now);
        }
        Snapshot versioned = new Snapshot(parsed.streams(), parsed.contentHash(),
                Optional.of("sha256:" + parsed.contentHash().substring(0, 16)), now, parsed.origin());
        return new FetchResult.Changed(versioned);
    }

    @Override
    public String describe() {
        return file.toString();
    }
}
