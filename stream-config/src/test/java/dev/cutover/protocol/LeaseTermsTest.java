package dev.cutover.protocol;

import dev.cutover.streamconfig.CutoverSettings;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The write lease terms the routing history records and every route and work item carries (see LeasePolicy). */
class LeaseTermsTest {

    private static final Databases DATABASES = Databases.of(CutoverSettings.DEFAULTS);
    private static final Hour H = Hour.parse("2026-11-22T10");
    private static final Instant T0 = Instant.parse("2026-11-22T09:00:00Z");
    private static final Instant T1 = Instant.parse("2026-11-22T11:05:00Z");
    private static final LeasePolicy LEASES = new LeasePolicy(Duration.ofMinutes(10), Duration.ofMinutes(1));

    @Test
    void theNewSegmentsHoursSwitchOnlyOnceOlderWritersLeasesHaveEndedPlusTheMargin() {
        Routing routing = Routing.initial("legacy", T0, LEASES).from(H, "airflow", false, T1, LEASES);
        RouteTable table = RouteTable.of("s", routing, DATABASES, List.of());

        Instant notBefore = T1.plus(Duration.ofMinutes(11));
        assertThat(table.route("airflow", H)).isEqualTo(Route.write("event", 2, 600_000L, notBefore));
        assertThat(table.route("legacy", H.plusHours(3)).writableFrom()).contains(notBefore);
        assertThat(table.route("legacy", H.previous()))
                .as("an hour of the older segment is routed as before: no older writer writes it elsewhere")
                .isEqualTo(Route.write("event", 2, 600_000L, null));
        assertThat(routing.current().publishedAt()).isEqualTo(T1);
    }

    @Test
    void theWaitCoversTheLongestLeaseAnyOlderWriterHolds() {
        LeasePolicy shorter = new LeasePolicy(Duration.ofMinutes(2), Duration.ofSeconds(30));
        Routing routing = Routing.initial("legacy").from(H, "airflow", false, T1, shorter);

        assertThat(routing.writableFrom(H)).as("epoch 1 recorded no lease: its writers hold the default's")
                .contains(T1.plus(LeasePolicy.DEFAULT.length()).plusSeconds(30));
        assertThat(routing.current().lease()).isEqualTo(Duration.ofMinutes(2));
        assertThat(RouteTable.of("s", routing, DATABASES, List.of()).route("airflow", H).lease())
                .isEqualTo(Duration.ofMinutes(2));
    }

    @Test
    void aHistoryWithoutLeaseTermsRoutesWithTheDefaultLeaseAtOnce() {
        Route route = RouteTable.of("s", Routing.initial("legacy").from(H, "airflow", false), DATABASES, List.of())
                .route("airflow", H);

        assertThat(route).isEqualTo(Route.write("event", 2));
        assertThat(route.lease()).isEqualTo(LeasePolicy.DEFAULT.length());
        assertThat(route.writableFrom()).isEmpty();
    }

    @Test
    void routesWorkItemsAndSegmentsKeepTheirLeaseTermsOnTheWireAndReadWithoutThem() {
        Route route = Route.write("event", 3, 20_000L, T1);
        assertThat(ProtocolJson.read(ProtocolJson.write(route), Route.class)).isEqualTo(route);
        assertThat(ProtocolJson.write(Route.write("event", 3))).isEqualTo("{\"database\":\"event\",\"epoch\":3}");
        assertThat(ProtocolJson.read("{\"database\":\"event\",\"epoch\":3}", Route.class))
                .isEqualTo(Route.write("event", 3));

        WorkItem item = new WorkItem("i", "s", H, WorkAction.COPY, "event", "event_systemd", 3, 20_000L, T1);
        assertThat(ProtocolJson.read(ProtocolJson.write(item), WorkItem.class)).isEqualTo(item);
        WorkItem old = new WorkItem("i", "s", H, WorkAction.COPY, "event", "event_systemd", 3);
        assertThat(ProtocolJson.write(old)).doesNotContain("lease_ms").doesNotContain("not_before");
        assertThat(ProtocolJson.read(ProtocolJson.write(old), WorkItem.class)).isEqualTo(old);

        Segment segment = new Segment(H, 2, "airflow", false, T0, 600_000L, T1);
        assertThat(ProtocolJson.read(ProtocolJson.write(segment), Segment.class)).isEqualTo(segment);
        assertThat(ProtocolJson.read("{\"from_hour\":\"2026-11-22T10\",\"epoch\":2,\"leader\":\"airflow\","
                + "\"secondary_stopped\":false}", Segment.class)).isEqualTo(new Segment(H, 2, "airflow", false));
    }
}
