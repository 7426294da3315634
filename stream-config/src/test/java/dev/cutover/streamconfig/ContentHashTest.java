package dev.cutover.streamconfig;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cutover.streamconfig.poll.SnapshotStore;
import dev.cutover.streamconfig.testing.Fixtures;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The content hash (per-entry digests, format 2) and the one saved snapshots of format 1 recorded: SHA-256 of the
 * content converted to plain maps and written key-sorted, computed here independently.
 */
class ContentHashTest {

    private static final ObjectMapper SORTED =
            JsonMapper.builder().enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS).build();

    private static String byConversion(JsonNode streams) throws Exception {
        byte[] bytes = SORTED.writeValueAsBytes(SORTED.treeToValue(streams, Object.class));
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    }

    private static JsonNode production() throws Exception {
        return Fixtures.JSON.readTree(Fixtures.productionAll().toFile()).get("streams");
    }

    private static Snapshot parse(JsonNode streams) throws Exception {
        return SnapshotParser.fromTree(streams, "test", Optional.empty(), Instant.EPOCH);
    }

    @Test
    void theLegacyHashIsTheCanonicalJsonHashOfTheProductionConfig() throws Exception {
        assertThat(SnapshotParser.legacyHash(production())).isEqualTo(byConversion(production()));
    }

    @Test
    void everyKindOfValueHashesCanonically() throws Exception {
        JsonNode streams = Fixtures.JSON.readTree("{\"b\": {\"z\": [1, 2.5, -3e40, 12345678901234567890, true, null,"
                + " \"é\\u0000\\\"\", {}, []], \"a\": {\"y\": {\"x\": 0.1, \"w\": -0}}}, \"a\": {}}");
        assertThat(SnapshotParser.legacyHash(streams)).isEqualTo(byConversion(streams));
    }

    @Test
    void equalContentInAnotherKeyOrderHashesEqualAndAnyChangeDoesNot() throws Exception {
        ObjectNode streams = (ObjectNode) production();
        Map<String, JsonNode> reversed = new LinkedHashMap<>();
        java.util.List<String> keys = new java.util.ArrayList<>();
        streams.fieldNames().forEachRemaining(keys::add);
        java.util.Collections.reverse(keys);
        keys.forEach(k -> reversed.put(k, streams.get(k)));
        ObjectNode other = Fixtures.JSON.createObjectNode();
        other.setAll(reversed);
        assertThat(parse(other).contentHash()).isEqualTo(parse(streams).contentHash());

        ObjectNode changed = streams.deepCopy();
        Iterator<String> names = changed.fieldNames();
        String first = names.next();
        ((ObjectNode) changed.get(first)).put("schema_title", "changed");
        assertThat(parse(changed).contentHash()).isNotEqualTo(parse(streams).contentHash());
        ObjectNode renamed = streams.deepCopy();
        renamed.set(first + "_x", renamed.remove(first));
        assertThat(parse(renamed).contentHash()).isNotEqualTo(parse(streams).contentHash());
    }

    @Test
    void unchangedEntriesAreKeptFromThePreviousSnapshot() throws Exception {
        Snapshot before = parse(production());
        ObjectNode changed = (ObjectNode) production();
        String first = changed.fieldNames().next();
        ((ObjectNode) changed.get(first)).put("schema_title", "changed");
        Snapshot after = SnapshotParser.fromTree(changed, "test", Optional.empty(), Instant.EPOCH, Optional.of(before));
        assertThat(after.streams().get(first)).isNotSameAs(before.streams().get(first));
        before.streams().forEach((key, config) -> {
            if (!key.equals(first)) {
                assertThat(after.streams().get(key)).isSameAs(config);
            }
        });
        assertThat(after.contentHash()).isEqualTo(parse(changed).contentHash());
        assertThat(SnapshotDiff.between(Optional.of(before), after).affected()).containsExactly(first);
    }

    @Test
    void reStampingASnapshotSharesItsEntries() throws Exception {
        Snapshot snapshot = SnapshotParser.parse(Fixtures.bytes(Fixtures.productionAll()), "production-all.json",
                Optional.empty(), Instant.EPOCH);
        Snapshot later = snapshot.withFetchedAt(Instant.EPOCH.plusSeconds(60));
        assertThat(later.streams()).isSameAs(snapshot.streams());
        assertThat(later.namedStreams()).isSameAs(snapshot.namedStreams()).hasSize(242);
        assertThat(later).isNotEqualTo(snapshot);
        assertThat(later.withFetchedAt(Instant.EPOCH)).isEqualTo(snapshot);
    }

    @Test
    void aSnapshotSavedInFormatOneIsStillReadAndItsHashChecked(@TempDir Path dir) throws Exception {
        SnapshotStore store = new SnapshotStore(dir);
        Snapshot snapshot = parse(production());
        store.save(snapshot);
        ObjectNode saved = (ObjectNode) Fixtures.JSON.readTree(store.file().toFile());
        assertThat(saved.get("format").asInt()).isEqualTo(2);
        assertThat(store.load()).contains(snapshot);

        saved.put("format", 1);
        saved.put("content_hash", byConversion(saved.get("streams")));
        Files.write(store.file(), Fixtures.JSON.writeValueAsBytes(saved));
        assertThat(store.load().map(Snapshot::contentHash)).contains(snapshot.contentHash());

        saved.put("content_hash", snapshot.contentHash());
        Files.write(store.file(), Fixtures.JSON.writeValueAsBytes(saved));
        assertThatThrownBy(store::load).hasMessageContaining("does not match the recorded");
    }
}
