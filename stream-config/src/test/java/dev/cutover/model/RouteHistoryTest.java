package dev.cutover.model;

import dev.cutover.protocol.Hour;

import dev.cutover.streamconfig.CutoverSettings;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RouteHistoryTest {

    private static final String VALUE = """
            {"stream":"s","phase":"CUTOVER","epoch":2,"segments":[
              {"from_hour":"2026-11-20T00","epoch":1,"leader":"legacy","secondary_stopped":false},
              {"from_hour":"2026-11-20T03","epoch":2,"leader":"airflow","secondary_stopped":false}],
             "cutover_hour":"2026-11-20T03","problems":[],"overridden":false}""";

    @Test
    void routesEachJobByTheSegmentThatCoversTheHourUnderTheCurrentEpoch() {
        RouteHistory history = RouteHistory.parse(VALUE.getBytes(StandardCharsets.UTF_8));
        CutoverSettings settings = CutoverSettings.DEFAULTS;
        assertThat(history.route("legacy", Hour.parse("2026-11-20T02"), settings)).isEqualTo(new Route("event", 2));
        assertThat(history.route("airflow", Hour.parse("2026-11-20T02"), settings))
                .isEqualTo(new Route("event_airflow", 2));
        assertThat(history.route("airflow", Hour.parse("2026-11-20T03"), settings)).isEqualTo(new Route("event", 2));
        assertThat(history.route("legacy", Hour.parse("2026-11-20T04"), settings))
                .isEqualTo(new Route("event_systemd", 2));
        assertThat(history.route("legacy", Hour.parse("2026-11-19T23"), settings)).isEqualTo(new Route("event", 2));
    }

    @Test
    void aStoppedSecondaryDoesNotWrite() {
        RouteHistory history = RouteHistory.parse("""
                {"stream":"s","epoch":3,"segments":[
                  {"from_hour":"2026-11-20T00","epoch":3,"leader":"airflow","secondary_stopped":true}]}"""
                .getBytes(StandardCharsets.UTF_8));
        assertThat(history.route("legacy", Hour.parse("2026-11-20T05"), CutoverSettings.DEFAULTS).database()).isNull();
    }

    @Test
    void aValueWithoutSegmentsIsRejectedWithTheStreamNamed() {
        assertThatThrownBy(() -> RouteHistory.parse("{\"stream\":\"s\",\"epoch\":1,\"segments\":[]}"
                .getBytes(StandardCharsets.UTF_8))).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("s has no segments");
    }

    private static final String NAMED = """
            {"stream":"s","epoch":2,"segments":[
              {"from_hour":"2026-11-20T00","epoch":1,"leader":"oozie","secondary_stopped":false},
              {"from_hour":"2026-11-20T03","epoch":2,"leader":"airflow2","secondary_stopped":false}],
             "databases":{"production":"ev","jobs":{"oozie":"event_oozie","airflow2":"event_af2"}}}""";

    @Test
    void routesWithTheDatabasesTheValueNamesRatherThanTheReadersSettings() {
        RouteHistory history = RouteHistory.parse(NAMED.getBytes(StandardCharsets.UTF_8));
        CutoverSettings settings = CutoverSettings.DEFAULTS;
        assertThat(history.route("oozie", Hour.parse("2026-11-20T02"), settings)).isEqualTo(new Route("ev", 2));
        assertThat(history.route("airflow2", Hour.parse("2026-11-20T02"), settings))
                .isEqualTo(new Route("event_af2", 2));
        assertThat(history.route("airflow2", Hour.parse("2026-11-20T03"), settings)).isEqualTo(new Route("ev", 2));
        assertThat(history.route("oozie", Hour.parse("2026-11-20T03"), settings))
                .isEqualTo(new Route("event_oozie", 2));
        assertThat(history.knows("oozie", settings)).isTrue();
    }

    @Test
    void aJobTheValueDoesNotNameDoesNotWrite() {
        RouteHistory history = RouteHistory.parse(NAMED.getBytes(StandardCharsets.UTF_8));
        assertThat(history.knows("airflow", CutoverSettings.DEFAULTS)).isFalse();
        assertThat(history.route("airflow", Hour.parse("2026-11-20T03"), CutoverSettings.DEFAULTS))
                .isEqualTo(new Route(null, 2));
    }

    @Test
    void aValueWithoutDatabasesUsesTheReadersSettingsAndRefusesJobsTheyDoNotName() {
        RouteHistory history = RouteHistory.parse(VALUE.getBytes(StandardCharsets.UTF_8));
        assertThat(history.databases()).isNull();
        assertThat(history.knows("airflow", CutoverSettings.DEFAULTS)).isTrue();
        assertThat(history.route("oozie", Hour.parse("2026-11-20T03"), CutoverSettings.DEFAULTS).database()).isNull();
    }

    @Test
    void aValueNamingAnUnsafeDatabaseIsRejected() {
        assertThatThrownBy(() -> RouteHistory.parse(NAMED.replace("event_af2", "x`; drop")
                .getBytes(StandardCharsets.UTF_8))).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("not a valid database name");
    }
}
