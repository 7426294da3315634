package dev.cutover.simulation;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import dev.cutover.streamconfig.ConfigParseException;
import dev.cutover.streamconfig.CutoverSettings;
import dev.cutover.streamconfig.OverrideHead;
import dev.cutover.streamconfig.OverrideLineage;
import dev.cutover.streamconfig.Snapshot;
import dev.cutover.streamconfig.SnapshotParser;
import dev.cutover.streamconfig.StreamConfig;
import dev.cutover.streamconfig.source.ConfigSource;
import dev.cutover.streamconfig.source.FetchResult;
import dev.cutover.streamconfig.source.Revision;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.function.Supplier;

/**
 * The simulated config source: the base config (the streams' shapes) with a writable override layer merged over it
 * (the flag per stream), as {@code LayeredConfigSource} serves it, with a hash chain per layer write. Fetches fail as
 * the faults say: 5xx, timeouts, truncated or empty bodies (parsed by the real {@link SnapshotParser}, which refuses
 * them), or a suspiciously shrunk config. The flag values it holds are the truth the invariant checker reads.
 */
public final class SimConfigSource implements ConfigSource {

    private static final ObjectMapper JSON = JsonMapper.builder().build();

    private final CutoverSettings settings;
    private final Map<String, ObjectNode> base;
    private final Map<String, StreamConfig> entries = new LinkedHashMap<>();
    private final Map<String, JsonNode> layer = new HashMap<>();
    private final java.util.Set<String> invalid = new java.util.TreeSet<>();
    private final List<OverrideHead> heads = new ArrayList<>();
    private final Faults faults;
    private final Optional<InjectedBug> bug;
    private final Supplier<Instant> clock;
    private long contentVersion;
    private long servedVersion = -1;
    private long servedRevision = -1;
    private String lastFault = "";

    public SimConfigSource(CutoverSettings settings, Map<String, ObjectNode> base, Faults faults,
                           Optional<InjectedBug> bug, Supplier<Instant> clock) {
        this.settings = settings;
        this.base = new LinkedHashMap<>(base);
        this.faults = faults;
        this.bug = bug;
        this.clock = clock;
        base.forEach((name, s) -> entries.put(name, new StreamConfig(name, s)));
        heads.add(new OverrideHead(0, Optional.of("sha256:sim-0")));
    }

    /** The layer's flag value for {@code stream}: empty when the layer has none (the base value shows through). */
    public Optional<JsonNode> layerValue(String stream) {
        return Optional.ofNullable(layer.get(stream));
    }

    /** The flag as the source holds it (the layer over the base). */
    public Optional<JsonNode> flag(String stream) {
        JsonNode value = layer.get(stream);
        if (value != null) {
            return Optional.of(value);
        }
        JsonNode baseValue = base.get(stream).at(settings.flagPointer());
        return baseValue.isMissingNode() ? Optional.empty() : Optional.of(baseValue);
    }

    /** The streams whose flag value in the layer is not allowed (INVALID), as of now. */
    public java.util.Set<String> invalidStreams() {
        return java.util.Set.copyOf(invalid);
    }

    public long revision() {
        return heads.get(heads.size() - 1).revision();
    }

    /**
     * Writes (or, with {@code value} empty, reverts) the flag of {@code stream} in the layer, as
     * {@code OverrideLayer.set/revert}: a new revision sealed into the hash chain, or a no-op revert.
     */
    public Revision write(String stream, Optional<JsonNode> value, String who, String why) {
        Optional<JsonNode> old = Optional.ofNullable(layer.get(stream));
        Instant at = clock.get();
        if (old.isEmpty() && value.isEmpty()) {
            return new Revision(revision(), stream, settings.flagPointer(), Optional.empty(), Optional.empty(), who,
                    why, at);
        }
        long number = revision() + 1;
        if (value.isPresent()) {
            layer.put(stream, value.get());
        } else {
            layer.remove(stream);
        }
        if (value.isPresent() && !allowed(value.get())) {
            invalid.add(stream);
        } else {
            invalid.remove(stream);
        }
        rebuild(stream);
        String prev = heads.get(heads.size() - 1).hash().orElseThrow();
        String hash = "sha256:sim-" + number + "-" + Long.toHexString((prev + stream + value).hashCode() & 0xffffffffL);
        heads.add(OverrideHead.of(number, hash));
        return new Revision(number, stream, settings.flagPointer(), old, value, who, why, at,
                Optional.of(new Revision.Seal(prev, "sha256:streams-" + number, hash)));
    }

    public Revision promote(String stream, String who, String why) {
        return write(stream, Optional.of(TextNode.valueOf(settings.productionDatabase().value())), who, why);
    }

    private void rebuild(String stream) {
        ObjectNode s = base.get(stream).deepCopy();
        JsonNode value = layer.get(stream);
        if (value != null) {
            ((ObjectNode) s.at("/consumers/analytics_hive_ingestion")).set("hive_database", value);
        }
        entries.put(stream, new StreamConfig(stream, s));
        contentVersion++;
    }

    private boolean allowed(JsonNode value) {
        return value.isTextual() && settings.allowedFlagValues().stream().anyMatch(d -> d.value().equals(value.textValue()));
    }

    /** Why the last fetch was bad ({@code ""} when it was good): the checker's I4 check reads it. */
    public String lastFault() {
        return lastFault;
    }

    @Override
    public FetchResult fetch(Optional<Snapshot> previous) {
        lastFault = "";
        if (faults.roll(FaultKind.CONFIG_5XX)) {
            lastFault = FaultKind.CONFIG_5XX.wireName();
            return new FetchResult.Failed(describe() + ": HTTP 503", FetchResult.FailureKind.TRANSIENT, Optional.empty());
        }
        if (faults.roll(FaultKind.CONFIG_TIMEOUT)) {
            lastFault = FaultKind.CONFIG_TIMEOUT.wireName();
            return new FetchResult.Failed(describe() + ": timed out after 30 s", FetchResult.FailureKind.TRANSIENT,
                    Optional.empty());
        }
        if (faults.roll(FaultKind.CONFIG_TRUNCATED)) {
            lastFault = FaultKind.CONFIG_TRUNCATED.wireName();
            if (bug.filter(b -> b == InjectedBug.APPLY_BAD_FETCH).isPresent()) {
                return new FetchResult.Changed(snapshot(Math.max(1, entries.size() * 19 / 20), "truncated"));
            }
            return parse(truncatedBody());
        }
        if (faults.roll(FaultKind.CONFIG_EMPTY)) {
            lastFault = FaultKind.CONFIG_EMPTY.wireName();
            return parse(faults.random().nextBoolean() ? new byte[0] : "{\"streams\": {}}".getBytes(StandardCharsets.UTF_8));
        }
        if (faults.roll(FaultKind.CONFIG_SHRINK)) {
            lastFault = FaultKind.CONFIG_SHRINK.wireName();
            return new FetchResult.Changed(snapshot(Math.max(1, entries.size() / 3), "shrunk"));
        }
        if (previous.isPresent() && servedVersion == contentVersion && servedRevision == revision()) {
            return new FetchResult.Unchanged(clock.get());
        }
        servedVersion = contentVersion;
        servedRevision = revision();
        return new FetchResult.Changed(snapshot(entries.size(), "v" + contentVersion));
    }

    private FetchResult parse(byte[] body) {
        try {
            return new FetchResult.Changed(SnapshotParser.parse(body, describe(), Optional.empty(), clock.get()));
        } catch (ConfigParseException e) {
            return new FetchResult.Failed(e.getMessage(), FetchResult.FailureKind.INVALID_CONTENT, Optional.empty());
        }
    }

    /** The first few entries as JSON, cut in the middle: what a connection dropped mid-body leaves. */
    private byte[] truncatedBody() {
        ObjectNode root = JsonNodeFactory.instance.objectNode();
        ObjectNode streams = root.putObject("streams");
        entries.values().stream().limit(3).forEach(e -> streams.set(e.name(), e.settings()));
        byte[] whole;
        try {
            whole = JSON.writeValueAsBytes(root);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
        byte[] cut = new byte[whole.length / 2];
        System.arraycopy(whole, 0, cut, 0, cut.length);
        return cut;
    }

    private Snapshot snapshot(int count, String version) {
        Map<String, StreamConfig> streams = new LinkedHashMap<>();
        long hash = 17;
        for (StreamConfig e : entries.values()) {
            if (streams.size() == count) {
                break;
            }
            streams.put(e.name(), e);
            JsonNode flag = layer.get(e.name());
            hash = hash * 31 + (e.name().hashCode() * 7L + (flag == null ? 0 : flag.toString().hashCode()));
        }
        OverrideHead head = heads.get(heads.size() - 1);
        OverrideLineage lineage = new OverrideLineage(head, heads, Optional.empty());
        return new Snapshot(streams, "sim:" + count + ":" + Long.toHexString(hash), Optional.of(version), clock.get(),
                describe(), OptionalLong.of(head.revision()), Optional.of(lineage));
    }

    @Override
    public String describe() {
        return "simulated config source";
    }
}
