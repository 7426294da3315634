package dev.cutover.protocol;

import dev.cutover.streamconfig.CutoverSettings;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

class RouteTableTest {

    private static final Databases DATABASES = Databases.of(CutoverSettings.DEFAULTS);
    private static final Hour H = Hour.parse("2026-11-22T10");

    @Test
    void theLeaderWritesProductionAndTheSecondaryItsShadow() {
        Routing routing = Routing.initial("legacy").from(H, "airflow", false);
        RouteTable table = RouteTable.of("s", routing, DATABASES, List.of());
        assertThat(table.route("legacy", H.previous())).isEqualTo(Route.write("event", 2));
        assertThat(table.route("airflow", H.previous())).isEqualTo(Route.write("event_airflow", 2));
        assertThat(table.route("airflow", H)).isEqualTo(Route.write("event", 2));
        assertThat(table.route("legacy", H.plusHours(5))).isEqualTo(Route.write("event_systemd", 2));
    }

    @Test
    void aStoppedSecondaryAndAnUnknownJobDoNotWrite() {
        Routing routing = Routing.initial("legacy").from(H, "airflow", true);
        RouteTable table = RouteTable.of("s", routing, DATABASES, List.of());
        assertThat(table.route("legacy", H).writes()).isFalse();
        assertThat(table.route("legacy", H).reason()).contains("stopped");
        assertThat(table.route("spark3", H).reason()).contains("not a job of the migration plan");
        assertThat(table.route("spark3", H).epoch()).isEqualTo(2);
    }

    @Test
    void aHoldCoversItsJobAndHoursOnly() {
        Hold hold = new Hold("legacy", H, H.plusHours(2), "awaiting the rollback's copy");
        RouteTable table = RouteTable.of("s", Routing.initial("legacy"), DATABASES, List.of(hold));
        assertThat(table.route("legacy", H.previous()).writes()).isTrue();
        assertThat(table.route("legacy", H)).isEqualTo(Route.doNotWrite(1, "awaiting the rollback's copy"));
        assertThat(table.route("legacy", H.plusHours(2)).writes()).isFalse();
        assertThat(table.route("legacy", H.plusHours(3)).writes()).isTrue();
        assertThat(table.route("airflow", H).writes()).isTrue();
    }

    @Test
    void aTopicValueReadsBackAsTheSameTable() throws Exception {
        RouteTable table = RouteTable.of("s", Routing.initial("legacy").from(H, "airflow", false), DATABASES,
                List.of(new Hold("airflow", H, H, "rerun of the cutover hour is on the work list")));
        byte[] value = ProtocolJson.writeBytes(table);
        assertThat(dev.cutover.protocol.kafka.RoutesTopicReader.parse(value, DATABASES)).isEqualTo(table);
    }

    @Test
    void aTopicValueWithoutDatabasesGetsTheReadersOwn() throws Exception {
        String value = "{\"stream\":\"s\",\"phase\":\"SHADOW\",\"epoch\":1,\"segments\":[{\"from_hour\":"
                + "\"1970-01-01T00\",\"epoch\":1,\"leader\":\"legacy\",\"secondary_stopped\":false}]}";
        RouteTable table = dev.cutover.protocol.kafka.RoutesTopicReader.parse(value.getBytes(), DATABASES);
        assertThat(table.databases()).isEqualTo(DATABASES);
        assertThat(table.holds()).isEmpty();
        assertThat(table.route("legacy", H)).isEqualTo(Route.write("event", 1));
    }

    @Test
    void theFenceProceedsOnlyOnTheSameEpoch() {
        assertThat(FenceDecision.check("s", 2, Optional.of(2L), "controller").proceeds()).isTrue();
        assertThat(FenceDecision.check("s", 2, Optional.of(3L), "controller"))
                .isEqualTo(new FenceDecision.Abort("epoch of s moved from 2 to 3 before commit (read from controller)"));
        assertThat(FenceDecision.check("s", 2, Optional.empty(), "topic t").proceeds()).isFalse();
        assertThat(FenceDecision.unconfirmed("s", 2, "connection refused")).isInstanceOf(FenceDecision.Abort.class);
    }
}
