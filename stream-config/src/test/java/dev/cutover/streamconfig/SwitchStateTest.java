package dev.cutover.streamconfig;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cutover.streamconfig.SwitchState.Position;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

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
    void newJobLeadsWhenTheFlagIsExactlyTheProductionDatabase() throws Exception {
        Map<String, SwitchState> states = states();

        assertThat(states.get("promoted").position()).isEqualTo(Position.NEW_LEADS);
        assertThat(states.get("promoted").databases()).containsEntry("airflow", new DatabaseName("event"))
                .containsEntry("legacy", new DatabaseName("event_systemd"));
        assertThat(states.get("upper").position()).as("EVENT is not event").isEqualTo(Position.INVALID);
    }

    /** One managed stream whose flag is {@code flagJson} (a JSON value), or absent when null. */
    private static SwitchState withFlag(String flagJson) throws ConfigParseException {
        String hive = flagJson == null ? "{\"enabled\": true}" : "{\"enabled\": true, \"hive_database\": " + flagJson + "}";
        Snapshot snapshot = SnapshotParser.parse(("{\"streams\": {\"s\": {\"consumers\": {\"analytics_hive_ingestion\": "
                + hive + "}}}}").getBytes(StandardCharsets.UTF_8), "test", Optional.empty(), Instant.EPOCH);
        return SwitchState.read("s", snapshot.streams().get("s"), CutoverSettings.DEFAULTS);
    }

    /**
     * F11: the failure model's table. Only the allowed names byte for byte are valid, an absent key means legacy
     * leads, and everything that only looks right is INVALID (the controller keeps the routes).
     */
    @ParameterizedTest(name = "hive_database = {0} -> {1}")
    @CsvSource(delimiter = '|', nullValues = "ABSENT", value = {
            "ABSENT                | LEGACY_LEADS",
            "'\"event_airflow\"'     | LEGACY_LEADS",
            "'\"event\"'             | NEW_LEADS",
            "'\"event\\n\"'          | INVALID",
            "'\"\\tevent\"'          | INVALID",
            "'\" event \"'           | INVALID",
            "'\"event \"'            | INVALID",
            "'\"EVENT\"'             | INVALID",
            "'\"Event\"'             | INVALID",
            "'\"EVENT_AIRFLOW\"'     | INVALID",
            "'\" event_airflow\"'    | INVALID",
            "'\"\"'                  | INVALID",
            "'null'                | INVALID",
            "'\"\\u0435vent\"'       | INVALID",
            "'\"event\\u200b\"'      | INVALID",
            "'\"\\uff45vent\"'       | INVALID",
            "'\"event\\u0000\"'      | INVALID",
            "'\"`event`\"'           | INVALID",
            "'\"event_systemd\"'     | INVALID",
            "'true'                | INVALID",
            "'0'                   | INVALID",
            "'[\"event\"]'           | INVALID"})
    void onlyTheAllowedDatabaseNamesByteForByteAreValidAndAnAbsentFlagMeansLegacyLeads(String flagJson,
                                                                                          Position expected)
            throws Exception {
        SwitchState state = withFlag(flagJson);

        assertThat(state.position()).isEqualTo(expected);
        if (expected == Position.INVALID) {
            assertThat(state.leader()).isEmpty();
            assertThat(state.databases()).isEmpty();
            assertThat(state.problems()).singleElement().asString()
                    .contains("stream s", "/consumers/analytics_hive_ingestion/hive_database", "[event, event_airflow]",
                            "current routes are kept");
        } else {
            assertThat(state.problems()).isEmpty();
        }
    }

    @Test
    void anInvalidFlagThatOnlyLooksRightIsShownEscapedWithTheNameItResembles() throws Exception {
        assertThat(withFlag("\"event\\n\"").problems().get(0)).contains("\"event\\n\"", "did you mean 'event'");
        assertThat(withFlag("\" event \"").problems().get(0)).contains("\" event \"", "did you mean 'event'");
        assertThat(withFlag("\"EVENT_AIRFLOW\"").problems().get(0)).contains("did you mean 'event_airflow'");
        assertThat(withFlag("\"\\u0435vent\"").problems().get(0)).contains("\\u0435vent");
        assertThat(withFlag("\"\"").problems().get(0)).contains("\"\"", "remove the key");
        assertThat(withFlag("null").problems().get(0)).contains("null", "remove the key");
        assertThat(withFlag("null").flag()).contains("null");
        assertThat(withFlag("\"event_bogus\"").problems().get(0)).contains("'event_bogus', which is not allowed")
                .doesNotContain("did you mean");
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
        assertThat(states.values().stream().filter(s -> s.position() == Position.INVALID)).hasSize(5);
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
