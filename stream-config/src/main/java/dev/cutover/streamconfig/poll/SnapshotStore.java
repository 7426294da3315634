package dev.cutover.streamconfig.poll;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import dev.cutover.streamconfig.ConfigParseException;
import dev.cutover.streamconfig.OverrideHead;
import dev.cutover.streamconfig.OverrideLineage;
import dev.cutover.streamconfig.Snapshot;
import dev.cutover.streamconfig.SnapshotParser;
import dev.cutover.streamconfig.StreamConfig;
import dev.cutover.streamconfig.io.AtomicFiles;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The last-known-good snapshot on disk: {@code <stateDir>/stream-config/last-known-good.json}, written
 * atomically, checked against its content hash when read back.
 */
public final class SnapshotStore {

    static final String FILE = "stream-config/last-known-good.json";
    /**
     * 2: {@code content_hash} is {@link SnapshotParser#contentHash}; 1 (read, never written): it is
     * {@link SnapshotParser#legacyHash} of the streams.
     */
    static final int FORMAT = 2;
    private static final ObjectMapper JSON = JsonMapper.builder().build();

    private final Path file;

    public SnapshotStore(Path stateDir) {
        this.file = stateDir.resolve(FILE);
    }

    public Path file() {
        return file;
    }

    /** Writes {@code snapshot} atomically. */
    public void save(Snapshot snapshot) throws IOException {
        ObjectNode root = JsonNodeFactory.instance.objectNode();
        root.put("format", FORMAT);
        root.put("origin", snapshot.origin());
        root.put("content_hash", snapshot.contentHash());
        snapshot.version().ifPresent(v -> root.put("version", v));
        snapshot.overrideRevision().ifPresent(r -> root.put("override_revision", r));
        snapshot.overrideLineage().ifPresent(l -> root.set("override_lineage", lineageJson(l)));
        root.put("fetched_at", snapshot.fetchedAt().toString());
        // streamed, entry by entry, from the snapshot's own settings (no copy of 50,000 entries first)
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (JsonGenerator out = JSON.createGenerator(bytes)) {
            out.writeStartObject();
            for (Map.Entry<String, JsonNode> field : root.properties()) {
                out.writeFieldName(field.getKey());
                out.writeTree(field.getValue());
            }
            out.writeFieldName("streams");
            out.writeStartObject();
            for (Map.Entry<String, StreamConfig> entry : snapshot.streams().entrySet()) {
                out.writeFieldName(entry.getKey());
                entry.getValue().writeSettings(out);
            }
            out.writeEndObject();
            out.writeEndObject();
        }
        AtomicFiles.write(file, bytes.toByteArray());
    }

    /**
     * The stored snapshot; empty when there is none.
     *
     * @throws IOException when a file exists but cannot be read, parsed, or fails its hash check
     */
    public Optional<Snapshot> load() throws IOException {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            return Optional.empty();
        }
        try {
            JsonNode root = JSON.readTree(bytes);
            String origin = root.path("origin").asText("(unknown)");
            Optional<String> version = root.hasNonNull("version") ? Optional.of(root.get("version").asText())
                    : Optional.empty();
            ObjectNode content = JsonNodeFactory.instance.objectNode();
            content.set("streams", root.path("streams"));
            Snapshot snapshot = SnapshotParser.fromTree(content, file + " (saved from " + origin + ")", version,
                    Instant.parse(root.path("fetched_at").asText()));
            String expected = root.path("content_hash").asText();
            String actual = root.path("format").asInt(1) >= 2 ? snapshot.contentHash()
                    : SnapshotParser.legacyHash(root.path("streams"));
            if (!expected.equals(actual)) {
                throw new IOException(file + ": content hash " + actual + " does not match the recorded "
                        + expected + "; the file was altered");
            }
            java.util.OptionalLong overrideRevision = root.path("override_revision").canConvertToExactIntegral()
                    ? java.util.OptionalLong.of(root.path("override_revision").asLong()) : java.util.OptionalLong.empty();
            Optional<OverrideLineage> lineage = root.has("override_lineage")
                    ? Optional.of(lineage(root.get("override_lineage"))) : Optional.empty();
            return Optional.of(new Snapshot(snapshot.streams(), snapshot.contentHash(), version, snapshot.fetchedAt(),
                    origin, overrideRevision, lineage));
        } catch (ConfigParseException | DateTimeParseException | IllegalArgumentException e) {
            throw new IOException(file + ": not a usable saved snapshot (" + e.getMessage() + ")", e);
        }
    }

    private static ObjectNode lineageJson(OverrideLineage lineage) {
        ObjectNode node = JsonNodeFactory.instance.objectNode();
        node.set("head", headJson(lineage.head()));
        ArrayNode ancestors = node.putArray("ancestors");
        lineage.ancestors().forEach(a -> ancestors.add(headJson(a)));
        lineage.problem().ifPresent(p -> node.put("problem", p));
        return node;
    }

    private static ObjectNode headJson(OverrideHead head) {
        ObjectNode node = JsonNodeFactory.instance.objectNode();
        node.put("revision", head.revision());
        head.hash().ifPresent(h -> node.put("hash", h));
        return node;
    }

    private static OverrideLineage lineage(JsonNode node) {
        List<OverrideHead> ancestors = new ArrayList<>();
        node.path("ancestors").forEach(a -> ancestors.add(head(a)));
        Optional<String> problem = node.hasNonNull("problem") ? Optional.of(node.get("problem").asText())
                : Optional.empty();
        return new OverrideLineage(head(node.path("head")), ancestors, problem);
    }

    private static OverrideHead head(JsonNode node) {
        if (!node.path("revision").canConvertToExactIntegral()) {
            throw new IllegalArgumentException("override_lineage: a head needs a revision (got " + node + ")");
        }
        return new OverrideHead(node.get("revision").asLong(), node.hasNonNull("hash")
                ? Optional.of(node.get("hash").asText()) : Optional.empty());
    }
}
