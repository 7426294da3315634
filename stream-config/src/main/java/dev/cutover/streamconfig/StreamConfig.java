package dev.cutover.streamconfig;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonPointer;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * One EventStreamConfig entry: its key (a stream name, or a {@code /regex/} or {@code /regex/modifiers} that
 * matches names, see {@link RegexKey}),
 * and its settings. Typed accessors cover what Cutover reads; anything else is reachable by JSON pointer.
 * Immutable: the settings are copied in and copied out.
 */
public final class StreamConfig {

    public static final JsonPointer HIVE_ENABLED = JsonPointer.compile("/consumers/analytics_hive_ingestion/enabled");
    public static final JsonPointer HIVE_DATABASE = JsonPointer.compile("/consumers/analytics_hive_ingestion/hive_database");
    public static final JsonPointer INGESTION_SCALE =
            JsonPointer.compile("/consumers/analytics_hive_ingestion/spark_job_ingestion_scale");

    private final String name;
    private final ObjectNode settings;
    private final Optional<RegexKey> pattern;
    /** SHA-256 of the settings' canonical JSON, computed on first use (immutable settings: a race computes it twice). */
    private volatile byte[] digest;

    /** @throws IllegalArgumentException when {@code name} starts with {@code /} but is not a valid regex */
    public StreamConfig(String name, ObjectNode settings) {
        this.name = Objects.requireNonNull(name, "name");
        this.settings = Objects.requireNonNull(settings, "settings").deepCopy();
        this.pattern = RegexKey.of(name);
    }

    /** The key as it appears in the config: a stream name or a {@code /regex/}. */
    public String name() {
        return name;
    }

    public boolean isRegex() {
        return pattern.isPresent();
    }

    /** Whether a key matches a stream name; a regex key may give up (see {@link RegexKey}). */
    public enum Match { YES, NO, GAVE_UP }

    /**
     * For a regex key: whether it matches {@code stream} (PHP preg_match semantics: find, not full match), bounded by
     * a step budget; a plain key matches its own name only.
     */
    public Match match(String stream) {
        if (pattern.isPresent()) {
            return pattern.get().match(stream);
        }
        return name.equals(stream) ? Match.YES : Match.NO;
    }

    /** {@link #match} is {@link Match#YES} (a key that gives up does not match, as in PHP). */
    public boolean matches(String stream) {
        return match(stream) == Match.YES;
    }

    /** The problem of this regex key when {@link #match} gave up on {@code stream}, naming both and the way out. */
    public String gaveUpOn(String stream) {
        return pattern.map(p -> p.gaveUpOn(stream)).orElseThrow(() -> new IllegalStateException(
                "key " + name + " is not a regex"));
    }

    public Optional<String> schemaTitle() {
        return text(JsonPointer.compile("/schema_title"));
    }

    /** The stream's topics; empty when the entry has none (a null {@code topics} reads as none). */
    public List<String> topics() {
        JsonNode topics = settings.at("/topics");
        List<String> result = new ArrayList<>();
        if (topics.isArray()) {
            topics.forEach(t -> {
                if (t.isTextual()) {
                    result.add(t.textValue());
                }
            });
        }
        return List.copyOf(result);
    }

    /** {@code /consumers/analytics_hive_ingestion/enabled}, read as a PHP boolean. */
    public boolean hiveIngestionEnabled() {
        return PhpBoolean.isTrue(settings.at(HIVE_ENABLED));
    }

    /** The flag at the default pointer: the database the new job writes this stream into. */
    public Optional<String> hiveDatabase() {
        return text(HIVE_DATABASE);
    }

    public Optional<String> ingestionScale() {
        return text(INGESTION_SCALE);
    }

    /** Any setting by JSON pointer; empty when absent. The node is a copy. */
    public Optional<JsonNode> setting(JsonPointer pointer) {
        JsonNode node = settings.at(pointer);
        return node.isMissingNode() ? Optional.empty() : Optional.of(node.deepCopy());
    }

    public Optional<JsonNode> setting(String pointer) {
        return setting(JsonPointer.compile(pointer));
    }

    /** A textual (or scalar) setting by pointer; null and containers read as empty. */
    public Optional<String> text(JsonPointer pointer) {
        JsonNode node = settings.at(pointer);
        if (node.isMissingNode() || node.isNull() || node.isContainerNode()) {
            return Optional.empty();
        }
        return Optional.of(node.asText());
    }

    /** Writes the settings as JSON (no copy is made). */
    public void writeSettings(JsonGenerator out) throws IOException {
        out.writeTree(settings);
    }

    /** A copy of all settings. */
    public ObjectNode settings() {
        return settings.deepCopy();
    }

    /** SHA-256 of the settings' canonical (key-sorted) JSON: equal settings, equal digest. A copy. */
    public byte[] digest() {
        byte[] d = digest;
        if (d == null) {
            d = SnapshotParser.canonicalDigest(settings);
            digest = d;
        }
        return d.clone();
    }

    /** Whether these settings equal {@code node} (no copy is made). */
    public boolean hasSettings(JsonNode node) {
        return settings.equals(node);
    }

    @Override
    public boolean equals(Object o) {
        return o == this || o instanceof StreamConfig other && name.equals(other.name) && settings.equals(other.settings);
    }

    @Override
    public int hashCode() {
        return Objects.hash(name, settings);
    }

    @Override
    public String toString() {
        return "StreamConfig[" + name + "]";
    }
}
