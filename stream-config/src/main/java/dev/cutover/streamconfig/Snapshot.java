package dev.cutover.streamconfig;

import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * An immutable, successfully parsed view of the whole stream config at one moment.
 *
 * @param streams     entries by key, in config order (regex keys included, as keys)
 * @param contentHash SHA-256 of the canonical content; equal content gives an equal hash
 * @param version     the source's version tag (HTTP ETag, file revision) when it has one
 * @param fetchedAt   when the content was fetched
 * @param origin      where it came from (URL or path), for messages
 * @param overrideRevision the revision of the writable override layer merged over the source, when there is one
 *                    ({@link dev.cutover.streamconfig.source.LayeredConfigSource}); empty for a plain source
 */
public record Snapshot(Map<String, StreamConfig> streams, String contentHash, Optional<String> version,
                       Instant fetchedAt, String origin, OptionalLong overrideRevision) {

    public Snapshot {
        streams = Collections.unmodifiableMap(new LinkedHashMap<>(Objects.requireNonNull(streams, "streams")));
        Objects.requireNonNull(contentHash, "contentHash");
        Objects.requireNonNull(version, "version");
        Objects.requireNonNull(fetchedAt, "fetchedAt");
        Objects.requireNonNull(origin, "origin");
        Objects.requireNonNull(overrideRevision, "overrideRevision");
    }

    /** A snapshot of a plain source (no override layer). */
    public Snapshot(Map<String, StreamConfig> streams, String contentHash, Optional<String> version, Instant fetchedAt,
                    String origin) {
        this(streams, contentHash, version, fetchedAt, origin, OptionalLong.empty());
    }

    /** The same content, built with the override layer at {@code revision}. */
    public Snapshot withOverrideRevision(long revision) {
        return new Snapshot(streams, contentHash, version, fetchedAt, origin, OptionalLong.of(revision));
    }

    /**
     * Finds the config for a stream name as the EventStreamConfig extension does: the exact key first,
     * then the first {@code /regex/} key, in config order, that matches.
     */
    public Optional<StreamConfig> lookup(String stream) {
        StreamConfig exact = streams.get(stream);
        if (exact != null && !exact.isRegex()) {
            return Optional.of(exact);
        }
        return streams.values().stream().filter(StreamConfig::isRegex).filter(c -> c.matches(stream)).findFirst();
    }

    /** Entries with a plain (non-regex) key, in config order. */
    public List<StreamConfig> namedStreams() {
        return streams.values().stream().filter(c -> !c.isRegex()).toList();
    }

    public int size() {
        return streams.size();
    }

    /** The same content, re-stamped (a 304 or an unchanged hash keeps the content but not the time). */
    public Snapshot withFetchedAt(Instant when) {
        return new Snapshot(streams, contentHash, version, when, origin, overrideRevision);
    }
}
