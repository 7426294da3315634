package dev.cutover.streamconfig;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.cutover.streamconfig.testing.Fixtures;
import java.time.Instant;
import java.util.LinkedHashSet;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The full production config parses, and every managed stream is accounted for (counted independently). */
class ProductionFixtureTest {

    /** PHP's (bool) cast written out independently of {@link PhpBoolean}. */
    private static boolean phpTrue(JsonNode value) {
        if (value == null || value.isNull()) {
            return false;
        }
        return switch (value.getNodeType()) {
            case BOOLEAN -> value.booleanValue();
            case NUMBER -> value.doubleValue() != 0;
            case STRING -> !value.textValue().equals("") && !value.textValue().equals("0");
            case ARRAY, OBJECT -> value.size() > 0;
            default -> false;
        };
    }

    @Test
    void parsesEveryProductionStreamAndAccountsForEveryManagedOne() throws Exception {
        JsonNode streams = Fixtures.JSON.readTree(Fixtures.productionAll().toFile()).get("streams");
        Set<String> managedByWalk = new LinkedHashSet<>();
        Set<String> disabledByWalk = new LinkedHashSet<>();
        int regexByWalk = 0;
        for (var entry : streams.properties()) {
            JsonNode hive = entry.getValue().get("consumers") == null ? null
                    : entry.getValue().get("consumers").get("analytics_hive_ingestion");
            if (phpTrue(hive == null ? null : hive.get("enabled"))) {
                managedByWalk.add(entry.getKey());
            } else {
                disabledByWalk.add(entry.getKey());
            }
            regexByWalk += entry.getKey().startsWith("/") ? 1 : 0;
        }

        Snapshot snapshot = SnapshotParser.parse(Fixtures.bytes(Fixtures.productionAll()), "production-all.json",
                Optional.empty(), Instant.EPOCH);
        Set<String> managed = new LinkedHashSet<>();
        snapshot.streams().forEach((name, config) -> {
            if (SwitchState.read(name, config, CutoverSettings.DEFAULTS).managed()) {
                managed.add(name);
            }
        });

        assertThat(streams.size()).isEqualTo(244);
        assertThat(snapshot.size()).isEqualTo(streams.size());
        assertThat(regexByWalk).isEqualTo(2);
        assertThat(snapshot.streams().values().stream().filter(StreamConfig::isRegex)).hasSize(regexByWalk);
        assertThat(disabledByWalk).hasSize(24);
        assertThat(managed).containsExactlyElementsOf(managedByWalk).hasSize(220);
        assertThat(snapshot.streams().keySet()).containsExactlyElementsOf(() -> streams.fieldNames());
    }

    @Test
    void everyManagedProductionStreamHasATableAndNoProblems() throws Exception {
        Snapshot snapshot = SnapshotParser.parse(Fixtures.bytes(Fixtures.productionAll()), "production-all.json",
                Optional.empty(), Instant.EPOCH);

        snapshot.namedStreams().stream()
                .map(c -> SwitchState.read(c.name(), c, CutoverSettings.DEFAULTS))
                .filter(SwitchState::managed)
                .forEach(state -> {
                    assertThat(state.table()).matches("[a-z_][a-z0-9_]*");
                    assertThat(state.problems()).isEmpty();
                    assertThat(state.leader()).contains("legacy");
                });
        assertThat(TableNames.forStream("eventlogging_NavigationTiming")).isEqualTo("navigationtiming");
        assertThat(TableNames.forStream("mediawiki.page-create")).isEqualTo("mediawiki_page_create");
    }

    @Test
    void hashesEqualContentEquallyWhateverTheFormatting() throws Exception {
        Snapshot pretty = SnapshotParser.parse(Fixtures.bytes(Fixtures.productionAll()), "a", Optional.empty(),
                Instant.EPOCH);
        byte[] compact = Fixtures.JSON.writeValueAsBytes(Fixtures.JSON.readTree(Fixtures.productionAll().toFile()));
        Snapshot dense = SnapshotParser.parse(compact, "b", Optional.empty(), Instant.EPOCH);

        assertThat(dense.contentHash()).isEqualTo(pretty.contentHash());
    }

    @Test
    void noTwoManagedProductionStreamsShareATable() throws Exception {
        Snapshot snapshot = SnapshotParser.parse(Fixtures.bytes(Fixtures.productionAll()), "production-all.json",
                Optional.empty(), Instant.EPOCH);

        var states = SwitchState.readAll(snapshot, CutoverSettings.DEFAULTS);

        assertThat(states.values().stream().filter(SwitchState::managed)).hasSize(220)
                .allSatisfy(s -> assertThat(s.problems()).as(s.stream()).isEmpty());
        assertThat(states.values().stream().map(SwitchState::table).filter(java.util.Objects::nonNull).distinct())
                .as("not even unmanaged ones").hasSize(states.size());
    }
}
