package dev.cutover.streamconfig.source;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cutover.streamconfig.OverrideHead;
import dev.cutover.streamconfig.OverrideLineage;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The override layer's hash chain (see {@link OverrideLayer} for the format). All hashes are SHA-256 over canonical
 * JSON (keys sorted, no white space), written {@code sha256:<hex>}:
 * <ul>
 *   <li>{@code streams_hash}: the layer's {@code streams} after the write;</li>
 *   <li>{@code hash}: the history entry with its {@code prev_hash} and {@code streams_hash} (every field but
 *       {@code hash}), so each write commits to the layer it was made on, to what it changed, to who, why and when,
 *       and to the content it left;</li>
 *   <li>the <em>fingerprint</em> of a layer: its revision, its history without links and its streams. It is the
 *       head of a layer that has no hashed write (a new layer, a file from before layers had hashes) or whose chain
 *       does not verify, and so the {@code prev_hash} of the next write.</li>
 * </ul>
 */
final class OverrideChain {

    private static final ObjectMapper CANONICAL =
            JsonMapper.builder().enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS).build();

    /** The fingerprint of the empty layer (revision 0, no history, no streams): where every chain starts. */
    static final String EMPTY = fingerprint(0, List.of(), Map.of());

    private OverrideChain() {
    }

    static String streamsHash(Map<String, ObjectNode> streams) {
        return sha256(streamsNode(streams));
    }

    /** A hash over all of a layer's content (links in the history ignored). */
    static String fingerprint(long revision, List<Revision> history, Map<String, ObjectNode> streams) {
        ObjectNode root = JsonNodeFactory.instance.objectNode();
        root.put("revision", revision);
        ArrayNode entries = root.putArray("history");
        history.forEach(r -> entries.add(OverrideFileFormat.content(r)));
        root.set("streams", streamsNode(streams));
        return sha256(root);
    }

    /** {@code revision} linked onto a layer whose head hash is {@code prevHash}, leaving {@code streams}. */
    static Revision seal(Revision revision, String prevHash, Map<String, ObjectNode> streams) {
        String streamsHash = streamsHash(streams);
        return revision.sealed(new Revision.Seal(prevHash, streamsHash, entryHash(revision, prevHash, streamsHash)));
    }

    private static String entryHash(Revision revision, String prevHash, String streamsHash) {
        ObjectNode entry = OverrideFileFormat.content(revision);
        entry.put("prev_hash", prevHash);
        entry.put("streams_hash", streamsHash);
        return sha256(entry);
    }

    /** What {@code state}'s chain says: its head, the heads it descends from, or what is wrong with it. */
    static OverrideLineage lineage(OverrideLayer.State state) {
        List<Revision> history = state.history();
        int first = 0;
        while (first < history.size() && history.get(first).seal().isEmpty()) {
            first++;
        }
        OverrideHead fingerprint = OverrideHead.of(state.revision(), fingerprint(state.revision(), history,
                state.streams()));
        if (first == history.size()) {
            return new OverrideLineage(fingerprint, List.of(fingerprint), Optional.empty());
        }
        List<OverrideHead> ancestors = new ArrayList<>();
        Optional<String> problem = verify(state, first, ancestors);
        if (problem.isPresent()) {
            return new OverrideLineage(fingerprint, List.of(fingerprint), problem);
        }
        return new OverrideLineage(ancestors.get(ancestors.size() - 1), ancestors, Optional.empty());
    }

    /** Checks the hashed entries from {@code first} on, collecting the heads they stand for; the first problem. */
    private static Optional<String> verify(OverrideLayer.State state, int first, List<OverrideHead> ancestors) {
        List<Revision> history = state.history();
        Revision start = history.get(first);
        String prev = start.seal().orElseThrow().prevHash();
        if (first == 0 && start.number() == 1 && !prev.equals(EMPTY)) {
            return Optional.of("revision 1 does not start from the empty layer (its prev_hash was changed)");
        }
        ancestors.add(OverrideHead.of(start.number() - 1, prev));
        long expected = start.number();
        for (Revision r : history.subList(first, history.size())) {
            if (r.seal().isEmpty()) {
                return Optional.of("revision " + r.number() + " has no hash although earlier writes have");
            }
            Revision.Seal seal = r.seal().get();
            if (r.number() != expected) {
                return Optional.of("revision " + r.number() + " follows revision " + (expected - 1)
                        + " (a write is missing or was renumbered)");
            }
            if (!seal.prevHash().equals(prev)) {
                return Optional.of("revision " + r.number() + " was not written on revision " + (expected - 1)
                        + " (its prev_hash does not match)");
            }
            if (!entryHash(r, seal.prevHash(), seal.streamsHash()).equals(seal.hash())) {
                return Optional.of("revision " + r.number() + " was changed after it was written (its hash does not"
                        + " match its content)");
            }
            ancestors.add(OverrideHead.of(r.number(), seal.hash()));
            prev = seal.hash();
            expected++;
        }
        Revision last = history.get(history.size() - 1);
        if (last.number() != state.revision()) {
            return Optional.of("the file says revision " + state.revision() + " but its history ends at revision "
                    + last.number());
        }
        if (!last.seal().orElseThrow().streamsHash().equals(streamsHash(state.streams()))) {
            return Optional.of("its streams are not what revision " + last.number() + " left (edited outside the"
                    + " tools)");
        }
        return Optional.empty();
    }

    private static ObjectNode streamsNode(Map<String, ObjectNode> streams) {
        ObjectNode node = JsonNodeFactory.instance.objectNode();
        streams.forEach(node::set);
        return node;
    }

    private static String sha256(JsonNode node) {
        try {
            byte[] canonical = CANONICAL.writeValueAsBytes(CANONICAL.treeToValue(node, Object.class));
            return "sha256:" + HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(canonical));
        } catch (JsonProcessingException | NoSuchAlgorithmException e) {
            throw new IllegalStateException("cannot hash override layer content", e);
        }
    }
}
