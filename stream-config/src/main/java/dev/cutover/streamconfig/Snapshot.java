package dev.cutover.streamconfig;

import java.time.Instant;
import java.util.AbstractMap;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;

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
 * @param overrideLineage that layer's head and the heads it descends from (its hash chain); empty for a plain source
 *                    and for a snapshot saved before layers had hashes
 */
public record Snapshot(Map<String, StreamConfig> streams, String contentHash, Optional<String> version,
                       Instant fetchedAt, String origin, OptionalLong overrideRevision,
                       Optional<OverrideLineage> overrideLineage) {

    public Snapshot {
        streams = Entries.of(Objects.requireNonNull(streams, "streams"));
        Objects.requireNonNull(contentHash, "contentHash");
        Objects.requireNonNull(version, "version");
        Objects.requireNonNull(fetchedAt, "fetchedAt");
        Objects.requireNonNull(origin, "origin");
        Objects.requireNonNull(overrideRevision, "overrideRevision");
        Objects.requireNonNull(overrideLineage, "overrideLineage");
        if (overrideLineage.isPresent() && overrideRevision.orElse(-1) != overrideLineage.get().head().revision()) {
            throw new IllegalArgumentException("override revision " + overrideRevision + " is not the lineage's "
                    + overrideLineage.get().head().describe());
        }
    }

    /** A snapshot with an override revision but no lineage (saved before layers had hashes). */
    public Snapshot(Map<String, StreamConfig> streams, String contentHash, Optional<String> version, Instant fetchedAt,
                    String origin, OptionalLong overrideRevision) {
        this(streams, contentHash, version, fetchedAt, origin, overrideRevision, Optional.empty());
    }

    /** A snapshot of a plain source (no override layer). */
    public Snapshot(Map<String, StreamConfig> streams, String contentHash, Optional<String> version, Instant fetchedAt,
                    String origin) {
        this(streams, contentHash, version, fetchedAt, origin, OptionalLong.empty(), Optional.empty());
    }

    /** The same content, built with the override layer at {@code revision} (its lineage unknown). */
    public Snapshot withOverrideRevision(long revision) {
        return new Snapshot(streams, contentHash, version, fetchedAt, origin, OptionalLong.of(revision),
                Optional.empty());
    }

    /** The same content, built with the override layer whose hash chain says {@code lineage}. */
    public Snapshot withOverrideLineage(OverrideLineage lineage) {
        return new Snapshot(streams, contentHash, version, fetchedAt, origin,
                OptionalLong.of(lineage.head().revision()), Optional.of(lineage));
    }

    /** The head of the override layer this snapshot was built with, when it is known. */
    public Optional<OverrideHead> overrideHead() {
        return overrideLineage.map(OverrideLineage::head);
    }

    /**
     * Finds the config for a stream name as the EventStreamConfig extension does: the exact key first,
     * then the first {@code /regex/} key, in config order, that matches. A regex key that gives up on the name (see
     * {@link RegexKey}) does not match, as in PHP; {@link #resolve} says which did.
     */
    public Optional<StreamConfig> lookup(String stream) {
        return resolve(stream).entry();
    }

    /**
     * What {@link #lookup} finds, and the problems on the way: one per regex key before the entry found that gave
     * up on the name (so the entry found may not be the one MediaWiki means).
     */
    public record Resolution(Optional<StreamConfig> entry, List<String> problems) {
        public Resolution {
            Objects.requireNonNull(entry, "entry");
            problems = List.copyOf(problems);
        }
    }

    /** {@link #lookup} with the regex keys that gave up on {@code stream} as problems. */
    public Resolution resolve(String stream) {
        StreamConfig exact = streams.get(stream);
        if (exact != null && !exact.isRegex()) {
            return new Resolution(Optional.of(exact), List.of());
        }
        List<String> problems = new ArrayList<>();
        for (StreamConfig config : ((Entries) streams).regexKeys) {
            StreamConfig.Match match = config.match(stream);
            if (match == StreamConfig.Match.YES) {
                return new Resolution(Optional.of(config), problems);
            }
            if (match == StreamConfig.Match.GAVE_UP) {
                problems.add(config.gaveUpOn(stream));
            }
        }
        return new Resolution(Optional.empty(), problems);
    }

    /**
     * The regex keys that give up on one of {@code names}, each with its problem for the first such name, in config
     * order. A check of the keys themselves (e.g. against every stream name known), for {@code cutover streams}.
     */
    public Map<String, String> regexKeysGivingUp(Collection<String> names) {
        Map<String, String> problems = new LinkedHashMap<>();
        for (StreamConfig config : ((Entries) streams).regexKeys) {
            for (String name : names) {
                if (config.match(name) == StreamConfig.Match.GAVE_UP) {
                    problems.put(config.name(), config.gaveUpOn(name));
                    break;
                }
            }
        }
        return Collections.unmodifiableMap(problems);
    }

    /** Entries with a plain (non-regex) key, in config order. */
    public List<StreamConfig> namedStreams() {
        return ((Entries) streams).named;
    }

    public int size() {
        return streams.size();
    }

    /** The same content, re-stamped (a 304 or an unchanged hash keeps the content but not the time). */
    public Snapshot withFetchedAt(Instant when) {
        return new Snapshot(streams, contentHash, version, when, origin, overrideRevision, overrideLineage);
    }

    /**
     * The entries of a snapshot: an immutable copy in config order that also keeps its regex keys and its named
     * entries apart, so a lookup that misses the named keys walks the regex keys only. Made once per content: a
     * snapshot re-stamped or built again from a snapshot's entries shares them (a 304 poll copies nothing).
     */
    private static final class Entries extends AbstractMap<String, StreamConfig> {
        private final Map<String, StreamConfig> byKey;
        final List<StreamConfig> regexKeys;
        final List<StreamConfig> named;

        private Entries(Map<String, StreamConfig> streams) {
            this.byKey = Collections.unmodifiableMap(new LinkedHashMap<>(streams));
            List<StreamConfig> regex = new ArrayList<>();
            List<StreamConfig> plain = new ArrayList<>();
            byKey.values().forEach(c -> (c.isRegex() ? regex : plain).add(c));
            this.regexKeys = List.copyOf(regex);
            this.named = List.copyOf(plain);
        }

        static Entries of(Map<String, StreamConfig> streams) {
            return streams instanceof Entries entries ? entries : new Entries(streams);
        }

        @Override
        public Set<Map.Entry<String, StreamConfig>> entrySet() {
            return byKey.entrySet();
        }

        @Override
        public StreamConfig get(Object key) {
            return byKey.get(key);
        }

        @Override
        public boolean containsKey(Object key) {
            return byKey.containsKey(key);
        }

        @Override
        public int size() {
            return byKey.size();
        }

        @Override
        public Set<String> keySet() {
            return byKey.keySet();
        }

        @Override
        public Collection<StreamConfig> values() {
            return byKey.values();
        }
    }
}
