package dev.cutover.streamconfig.source;

import dev.cutover.streamconfig.Snapshot;
import java.util.Optional;

/**
 * Where stream config comes from (MediaWiki API, a file, a layered source). One {@link #fetch} is one
 * conditional read: given the last good snapshot, the source answers with new content, "unchanged"
 * (HTTP 304, same file hash), or a failure. A fetch never throws for a bad response and never does
 * I/O outside {@code fetch}: constructors only store settings.
 */
public interface ConfigSource extends AutoCloseable {

    FetchResult fetch(Optional<Snapshot> previous);

    /** The URL or path, for messages and status. */
    String describe();

    @Override
    default void close() {
    }
}
