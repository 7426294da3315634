package dev.cutover.streamconfig.source;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cutover.streamconfig.ConfigParseException;
import dev.cutover.streamconfig.JsonTrees;
import dev.cutover.streamconfig.Snapshot;
import dev.cutover.streamconfig.SnapshotParser;
import dev.cutover.streamconfig.StreamConfig;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * A base source with the writable {@link OverrideLayer} deep-merged over it (PHP
 * {@code array_replace_recursive}: objects key by key, lists index by index, scalars replaced).
 *
 * <p>Which streams an override applies to:
 * <ul>
 *   <li>a key present in the base (a stream name or a {@code /regex/} key itself): merged over that entry;</li>
 *   <li>a stream name not in the base that one of the base's regex keys matches (the first, as lookups do): a new
 *       entry for that name is made from the regex entry's settings, with {@code stream} set to the name and
 *       {@code topics} recomputed for the name as EventStreamConfig does (each of {@code topic_prefixes} + name,
 *       or just the name), then the override is merged over it;</li>
 *   <li>a stream name on which a regex key gives up (catastrophic backtracking, see {@code RegexKey}) before one
 *       matches: <b>not applied</b> (which entry MediaWiki would use is unknown), with the key in the problem;</li>
 *   <li>anything else is <b>not applied</b>: an override never invents a stream. It is reported in
 *       {@link #problems()} (and the rest of the snapshot is still used).</li>
 * </ul>
 * The snapshot's version is the base version (or content hash) plus {@code +overrides.r<revision>}; it carries the
 * layer's lineage ({@link Snapshot#overrideLineage()}: its head and hash chain). A fetch is
 * {@link FetchResult.Unchanged} only when the merged content hash and the layer's head equal the caller's previous
 * snapshot's (a write that leaves the content as it was is still a new version of the layer).
 */
public final class LayeredConfigSource implements ConfigSource {

    private final ConfigSource base;
    private final OverrideLayer layer;
    private final Object lock = new Object();
    private Snapshot lastBase;
    private List<String> problems = List.of();

    public LayeredConfigSource(ConfigSource base, OverrideLayer layer) {
        this.base = Objects.requireNonNull(base, "base");
        this.layer = Objects.requireNonNull(layer, "layer");
    }

    public OverrideLayer layer() {
        return layer;
    }

    /** Overrides that were not applied in the last successful fetch, one message each. */
    public List<String> problems() {
        synchronized (lock) {
            return problems;
        }
    }

    @Override
    public FetchResult fetch(Optional<Snapshot> previous) {
        synchronized (lock) {
            FetchResult baseResult = base.fetch(Optional.ofNullable(lastBase));
            if (baseResult instanceof FetchResult.Failed failed) {
                return failed;
            }
            if (baseResult instanceof FetchResult.Changed changed) {
                lastBase = changed.snapshot();
            } else if (baseResult instanceof FetchResult.Unchanged unchanged && lastBase != null) {
                // The base was checked just now: a snapshot built after a layer change is as fresh as that.
                lastBase = lastBase.withFetchedAt(unchanged.checkedAt());
            }
            if (lastBase == null) {
                return new FetchResult.Failed(describe() + ": the base source answered 'unchanged' before any content",
                        FetchResult.FailureKind.TRANSIENT, Optional.empty());
            }
            OverrideLayer.State state;
            try {
                state = layer.state();
            } catch (UncheckedIOException e) {
                return new FetchResult.Failed(e.getMessage(), FetchResult.FailureKind.INVALID_CONTENT, Optional.empty());
            }
            Overlaid overlaid;
            try {
                overlaid = overlay(lastBase, state, describe());
            } catch (ConfigParseException e) {
                return new FetchResult.Failed(e.getMessage(), FetchResult.FailureKind.INVALID_CONTENT, Optional.empty());
            }
            problems = overlaid.problems();
            if (previous.isPresent() && previous.get().contentHash().equals(overlaid.snapshot().contentHash())
                    && previous.get().overrideHead().equals(overlaid.snapshot().overrideHead())) {
                return new FetchResult.Unchanged(overlaid.snapshot().fetchedAt());
            }
            return new FetchResult.Changed(overlaid.snapshot());
        }
    }

    /** A merged snapshot and the overrides that could not be applied. */
    public record Overlaid(Snapshot snapshot, List<String> problems) {
        public Overlaid {
            problems = List.copyOf(problems);
        }
    }

    /** Merges {@code state}'s overrides over {@code base} (pure; see the class comment for the rules). */
    public static Overlaid overlay(Snapshot base, OverrideLayer.State state, String origin) throws ConfigParseException {
        Map<String, JsonNode> merged = new LinkedHashMap<>();
        base.streams().forEach((key, config) -> merged.put(key, config.settings()));
        List<String> problems = new ArrayList<>();
        state.streams().forEach((stream, override) -> {
            JsonNode current = merged.get(stream);
            if (current != null) {
                merged.put(stream, JsonTrees.replaceRecursive(current, override));
                return;
            }
            Snapshot.Resolution resolution = base.resolve(stream);
            if (!resolution.problems().isEmpty()) {
                problems.add("override for stream '" + stream + "' is not applied: " + String.join("; ",
                        resolution.problems()) + "; or revert the entry in the override layer");
                return;
            }
            Optional<StreamConfig> regex = resolution.entry();
            if (regex.isPresent()) {
                merged.put(stream, JsonTrees.replaceRecursive(materialize(stream, regex.get()), override));
                return;
            }
            problems.add("override for stream '" + stream + "' is not applied: the base config has no such stream"
                    + " and no regex key matches it; fix the name or revert the entry in " + "the override layer");
        });
        ObjectNode streams = JsonNodeFactory.instance.objectNode();
        merged.forEach(streams::set);
        ObjectNode root = JsonNodeFactory.instance.objectNode();
        root.set("streams", streams);
        String version = base.version().orElse("sha256:" + base.contentHash().substring(0, 16))
                + "+overrides.r" + state.revision();
        Snapshot snapshot = SnapshotParser.fromTree(root, origin, Optional.of(version), base.fetchedAt())
                .withOverrideLineage(state.lineage());
        return new Overlaid(snapshot, problems);
    }

    /** The settings a named stream gets from a regex entry, as EventStreamConfig computes them. */
    private static ObjectNode materialize(String stream, StreamConfig regexEntry) {
        ObjectNode settings = regexEntry.settings();
        settings.put("stream", stream);
        ArrayNode topics = JsonNodeFactory.instance.arrayNode();
        JsonNode prefixes = settings.path("topic_prefixes");
        if (prefixes.isArray() && !prefixes.isEmpty()) {
            prefixes.forEach(p -> topics.add(p.asText() + stream));
        } else {
            topics.add(stream);
        }
        settings.set("topics", topics);
        return settings;
    }

    @Override
    public String describe() {
        return base.describe() + " + overrides " + layer.file();
    }

    @Override
    public void close() {
        base.close();
    }
}
