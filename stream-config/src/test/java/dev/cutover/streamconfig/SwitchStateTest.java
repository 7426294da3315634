package dev.cutover.streamconfig;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cutover.streamconfig.SwitchState.Position;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class SwitchStateTest {

    private static final String CONFIG = """
            {"streams": {
              "absent":     {"consumers": {"analytics_hive_ingestion": {"enabled": true}}},
              "shadow":     {"consumers": {"analytics_hive_ingestion": {"enabled": "1", "hive_database": "event_airflow"}}},
              "promoted":   {"consumers": {"analytics_hive_ingestion": {"enabled": 1, "hive_database": "event"}}},
              "upper":      {"consumers": {"analytics_hive_ingestion": {"enabled": true, "hive_database": "EVENT"}}},
              "typo":       {"consumers": {"analytics_hive_ingestion": {"enabled": true, "hive_database": "event_bogus"}}},
              "injection":  {"consumers": {"analytics_hive_ingestion": {"enabled": true, "hive_database": "event`; DROP TABLE x; --"}}},
              "object":     {"consumers": {"analytics_hive_ingestion": {"enabled": true, "hive_database": {"db": "event"}}}},
              "boolean":    {"consumers": {"analytics_hive_ingestion": {"enabled": true, "hive_database": true}}},
              "unmanaged":  {"consumers": {"analytics_hive_ingestion": {"enabled": "", "hive_database": "whatever"}}}
            }}""";

    private static Map<String, SwitchState> states() throws ConfigParseException {
        Snapshot snapshot = SnapshotParser.parse(CONFIG.getBytes(StandardCharsets.UTF_8), "test", Optional.empty(),
                Instant.EPOCH);
        Map<String, SwitchState> states = new java.util.LinkedHashMap<>();
        snapshot.streams().forEach((name, config) ->
                states.put(name, SwitchState.read(name, config, CutoverSettings.DEFAULTS)));
        return states;
    }

    @Test
    void legacyLeadsWhenTheFlagIsAbsentOrTheNewJobsShadowDatabase() throws Exception {
        Map<String, SwitchState> states = states();

        for (String stream : new String[] {"absent", "shadow"}) {
            SwitchState state = states.get(stream);
            assertThat(state.position()).isEqualTo(Position.LEGACY_LEADS);
            assertThat(state.leader()).contains("legacy");
            assertThat(state.databases()).containsEntry("legacy", new DatabaseName("event"))
                    .containsEntry("airflow", new DatabaseName("event_airflow"));
            assertThat(state.problems()).isEmpty();
        }
    }

    @Test
    void newJobLeadsWhenTheFlagIsTheProductionDatabaseInAnyCase() throws Exception {
        Map<String, SwitchState> states = states();

        for (String stream : new String[] {"promoted", "upper"}) {
            assertThat(states.get(stream).position()).isEqualTo(Position.NEW_LEADS);
            assertThat(states.get(stream).databases()).containsEntry("airflow", new DatabaseName("event"))
                    .containsEntry("legacy", new DatabaseName("event_systemd"));
        }
    }

    @Test
    void anInvalidFlagIsAProblemOfThatStreamNamingTheValueAndTheAllowedOnes() throws Exception {
        Map<String, SwitchState> states = states();

        for (String stream : new String[] {"typo", "injection", "object", "boolean"}) {
            SwitchState state = states.get(stream);
            assertThat(state.position()).as(stream).isEqualTo(Position.INVALID);
            assertThat(state.leader()).isEmpty();
            assertThat(state.databases()).isEmpty();
            assertThat(state.problems()).singleElement().asString()
                    .contains("stream " + stream, "[event, event_airflow]", "/consumers/analytics_hive_ingestion/hive_database");
        }
        assertThat(states.get("typo").problems().get(0)).contains("'event_bogus'");
        assertThat(states.get("injection").problems().get(0)).contains("DROP TABLE");
        assertThat(states.get("object").problems().get(0)).contains("{\"db\":\"event\"}");
        assertThat(states.values().stream().filter(s -> s.position() == Position.INVALID)).hasSize(4);
    }

    @Test
    void streamsWithHiveIngestionDisabledAreUnmanagedWhateverTheFlag() throws Exception {
        SwitchState state = states().get("unmanaged");

        assertThat(state.managed()).isFalse();
        assertThat(state.flag()).contains("whatever");
        assertThat(state.problems()).isEmpty();
    }

    @Test
    void readsEveryNamedStreamOfASnapshotInConfigOrder() throws Exception {
        Snapshot sample = SnapshotParser.parse(dev.cutover.streamconfig.testing.Fixtures.bytes(
                dev.cutover.streamconfig.testing.Fixtures.sample()), "sample", Optional.empty(), Instant.EPOCH);

        Map<String, SwitchState> all = SwitchState.readAll(sample, CutoverSettings.DEFAULTS);

        assertThat(all).hasSize(25).doesNotContainKey("/^mediawiki\\.job\\..+/");
        assertThat(all.keySet()).containsExactlyElementsOf(
                sample.namedStreams().stream().map(StreamConfig::name).toList());
        assertThat(all.get("eventlogging_InukaPageView").managed()).isFalse();
        assertThat(all.get("eventlogging_NavigationTiming").leader()).contains("legacy");
    }

    @Test
    void databaseNamesFromConfigAreValidatedAsIdentifiersAndQuoted() {
        assertThat(DatabaseName.isValid("event_airflow")).isTrue();
        assertThat(DatabaseName.isValid("event`; DROP TABLE x; --")).isFalse();
        assertThat(DatabaseName.isValid("1event")).isFalse();
        assertThat(DatabaseName.isValid("")).isFalse();
        assertThat(DatabaseName.of(" Event ").quoted()).isEqualTo("`event`");
    }

    @Test
    void aManagedStreamWhoseNameLeavesNoTableIsInvalidWithTheReasonNotAnException() throws Exception {
        Snapshot snapshot = SnapshotParser.parse("""
                {"streams": {"eventlogging_": {"consumers": {"analytics_hive_ingestion": {"enabled": true}}}}}"""
                .getBytes(StandardCharsets.UTF_8), "test", Optional.empty(), Instant.EPOCH);
        SwitchState state = SwitchState.read("eventlogging_", snapshot.streams().get("eventlogging_"),
                CutoverSettings.DEFAULTS);

        assertThat(state.position()).isEqualTo(Position.INVALID);
        assertThat(state.table()).isNull();
        assertThat(state.databases()).isEmpty();
        assertThat(state.problems()).singleElement().asString()
                .contains("stream 'eventlogging_' has no usable table name").contains("rename the stream");
    }
}
