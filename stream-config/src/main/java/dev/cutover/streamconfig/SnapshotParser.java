package dev.cutover.streamconfig;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Parses stream config content: the MediaWiki API shape ({@code {"streams": {...}}}) or a bare map of
 * stream -> settings, as JSON or YAML. Content that is empty, unparseable, not an object, or has no
 * streams is rejected with a {@link ConfigParseException} naming the origin, so it never replaces a
 * good snapshot; so is a MediaWiki API error answer or an API answer without {@code streams} (never read as a
 * bare map). A single bad entry (a settings value that is not an object, an invalid regex key) is
 * also a parse error: the content is not what the source should serve.
 */
public final class SnapshotParser {

    private static final ObjectMapper JSON = JsonMapper.builder().build();
    private static final ObjectMapper YAML = new YAMLMapper();
    private static final ObjectMapper CANONICAL =
            JsonMapper.builder().enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS).build();

    private SnapshotParser() {
    }

    /**
     * @param content   raw bytes as fetched
     * @param origin    URL or path, used in messages
     * @param version   the source's version tag, if any
     * @param fetchedAt when it was fetched
     */
    public static Snapshot parse(byte[] content, String origin, Optional<String> version, Instant fetchedAt)
            throws ConfigParseException {
        return fromTree(readTree(content, origin), origin, version, fetchedAt);
    }

    /**
     * Builds a snapshot from an already parsed document (the API shape or a bare map), with the same
     * checks as {@link #parse}.
     */
    public static Snapshot fromTree(JsonNode root, String origin, Optional<String> version, Instant fetchedAt)
            throws ConfigParseException {
        return fromTree(root, origin, version, fetchedAt, Optional.empty());
    }

    /**
     * {@link #fromTree(JsonNode, String, Optional, Instant)}, keeping the entries of {@code previous} whose key and
     * settings are unchanged (the same {@link StreamConfig} objects): at 50,000 streams a poll that changed one flag
     * copies one entry, and a diff against {@code previous} compares the rest by identity.
     */
    public static Snapshot fromTree(JsonNode root, String origin, Optional<String> version, Instant fetchedAt,
                                    Optional<Snapshot> previous) throws ConfigParseException {
        if (root == null || !root.isObject()) {
            throw new ConfigParseException(origin + ": expected a JSON/YAML object with 'streams' or a map of streams,"
                    + " got " + (root == null ? "nothing" : root.getNodeType()));
        }
        rejectApiEnvelope(root, origin);
        JsonNode streamsNode = root.has("streams") ? root.get("streams") : root;
        if (streamsNode.isArray() && streamsNode.isEmpty()) {
            // formatversion=2 encodes an empty PHP array as []: no streams (rejected just below).
            streamsNode = JsonNodeFactory.instance.objectNode();
        }
        if (root.has("streams") && !streamsNode.isObject()) {
            throw new ConfigParseException(origin + ": 'streams' is not an object (got " + streamsNode.getNodeType()
                    + "); expected {\"streams\": {\"<stream>\": {...}}}");
        }
        if (streamsNode.isEmpty()) {
            throw new ConfigParseException(origin + ": the config has no streams; an empty config is never applied"
                    + " (check the source URL or file)");
        }
        Map<String, StreamConfig> streams = new LinkedHashMap<>();
        Map<String, StreamConfig> before = previous.map(Snapshot::streams).orElse(Map.of());
        for (var entry : streamsNode.properties()) {
            if (!entry.getValue().isObject()) {
                throw new ConfigParseException(origin + ": stream '" + entry.getKey() + "' has settings of type "
                        + entry.getValue().getNodeType() + "; expected an object");
            }
            StreamConfig kept = before.get(entry.getKey());
            if (kept != null && kept.hasSettings(entry.getValue())) {
                streams.put(entry.getKey(), kept);
                continue;
            }
            try {
                streams.put(entry.getKey(), new StreamConfig(entry.getKey(), (ObjectNode) entry.getValue()));
            } catch (IllegalArgumentException e) {
                throw new ConfigParseException(origin + ": " + e.getMessage(), e);
            }
        }
        return new Snapshot(streams, contentHash(streams), version, fetchedAt, origin);
    }

    /** Keys only a MediaWiki API answer has at its root, never a bare map of streams. */
    private static final List<String> API_ENVELOPE_KEYS = List.of("warnings", "batchcomplete",
            "servedby");

    /**
     * A saved API answer that is an error, or that has API keys but no {@code streams}, is not a map of streams
     * (it would otherwise read as streams called {@code error}, {@code servedby}...).
     */
    private static void rejectApiEnvelope(JsonNode root, String origin) throws ConfigParseException {
        JsonNode error = root.get("error");
        if (error != null) {
            String code = error.path("code").asText("");
            String info = error.path("info").asText("");
            throw new ConfigParseException(origin + ": this is a MediaWiki API error answer, not a stream config (error '"
                    + (code.isEmpty() ? "?" : code) + "'" + (info.isEmpty() ? "" : ": " + firstLine(info))
                    + "); nothing was applied; fetch the config again or fix the request that produced it");
        }
        if (!root.has("streams")) {
            List<String> found = API_ENVELOPE_KEYS.stream().filter(root::has).toList();
            if (!found.isEmpty()) {
                throw new ConfigParseException(origin + ": this looks like a MediaWiki API answer (it has " + found
                        + ") but it has no 'streams'; nothing was applied; expected {\"streams\": {...}} or a map"
                        + " of streams");
            }
        }
    }

    private static JsonNode readTree(byte[] content, String origin) throws ConfigParseException {
        if (content == null || content.length == 0 || new String(content, StandardCharsets.UTF_8).isBlank()) {
            throw new ConfigParseException(origin + ": the response is empty; nothing was applied");
        }
        JsonNode root;
        try {
            root = looksLikeJson(content) ? JSON.readTree(content) : YAML.readTree(content);
        } catch (IOException e) {
            throw new ConfigParseException(origin + ": the content is not valid JSON or YAML ("
                    + firstLine(e.getMessage()) + "); nothing was applied", e);
        }
        if (root == null || !root.isObject()) {
            throw new ConfigParseException(origin + ": expected a JSON/YAML object with 'streams' or a map of streams,"
                    + " got " + (root == null ? "nothing" : root.getNodeType()));
        }
        return root;
    }

    private static boolean looksLikeJson(byte[] content) {
        for (byte b : content) {
            if (!Character.isWhitespace(b)) {
                return b == '{' || b == '[';
            }
        }
        return false;
    }

    /**
     * The content hash of a snapshot's entries: SHA-256 over the keys in sorted order, each followed by a zero byte
     * and its entry's {@link StreamConfig#digest()} (the SHA-256 of its settings' canonical, key-sorted JSON). Equal
     * content gives an equal hash in any key order. An entry's digest is computed once and kept with it, and entries
     * unchanged since the previous snapshot are the same objects ({@link #fromTree(JsonNode, String, Optional,
     * Instant, Optional)}), so a poll that changed one flag of 50,000 streams hashes one entry's settings.
     */
    public static String contentHash(Map<String, StreamConfig> streams) {
        List<String> keys = new ArrayList<>(streams.keySet());
        Collections.sort(keys);
        MessageDigest digest = sha256();
        for (String key : keys) {
            digest.update(key.getBytes(StandardCharsets.UTF_8));
            digest.update((byte) 0);
            digest.update(streams.get(key).digest());
        }
        return HexFormat.of().formatHex(digest.digest());
    }

    /** SHA-256 over the canonical (key-sorted) JSON form of {@code node}. */
    static byte[] canonicalDigest(JsonNode node) {
        MessageDigest digest = sha256();
        try (JsonGenerator out = CANONICAL.getFactory().createGenerator(
                new DigestOutputStream(OutputStream.nullOutputStream(), digest))) {
            writeCanonical(out, node);
        } catch (IOException e) {
            throw new IllegalStateException("cannot hash stream config", e);
        }
        return digest.digest();
    }

    /**
     * The content hash snapshots saved before format 2 recorded: SHA-256 over the canonical (key-sorted) JSON form
     * of the whole streams object. Only for checking such a file when it is read back.
     */
    public static String legacyHash(JsonNode streams) {
        return HexFormat.of().formatHex(canonicalDigest(streams));
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("no SHA-256 in this JVM", e);
        }
    }

    private static void writeCanonical(JsonGenerator out, JsonNode node) throws IOException {
        if (node.isObject()) {
            List<String> names = new ArrayList<>(node.size());
            node.fieldNames().forEachRemaining(names::add);
            Collections.sort(names);
            out.writeStartObject();
            for (String name : names) {
                out.writeFieldName(name);
                writeCanonical(out, node.get(name));
            }
            out.writeEndObject();
        } else if (node.isArray()) {
            out.writeStartArray();
            for (JsonNode element : node) {
                writeCanonical(out, element);
            }
            out.writeEndArray();
        } else if (node.isTextual()) {
            out.writeString(node.textValue());
        } else if (node.isNumber()) {
            writeNumber(out, node);
        } else if (node.isBoolean()) {
            out.writeBoolean(node.booleanValue());
        } else if (node.isNull()) {
            out.writeNull();
        } else {
            CANONICAL.writeTree(out, node);
        }
    }

    /** A number as Jackson writes the boxed value {@code treeToValue(node, Object.class)} makes of it. */
    private static void writeNumber(JsonGenerator out, JsonNode node) throws IOException {
        switch (node.numberType()) {
            case INT -> out.writeNumber(node.intValue());
            case LONG -> out.writeNumber(node.longValue());
            case BIG_INTEGER -> out.writeNumber(node.bigIntegerValue());
            case FLOAT -> out.writeNumber(node.floatValue());
            case DOUBLE -> out.writeNumber(node.doubleValue());
            default -> out.writeNumber(node.decimalValue());
        }
    }

    private static String firstLine(String message) {
        if (message == null) {
            return "unknown error";
        }
        int nl = message.indexOf('\n');
        return nl < 0 ? message : message.substring(0, nl);
    }
}
