package dev.cutover.controller.kafka;

import dev.cutover.controller.model.Phase;
import dev.cutover.controller.model.StreamState;
import dev.cutover.controller.routelog.StreamRecord;
import dev.cutover.protocol.Databases;
import dev.cutover.protocol.Hold;
import dev.cutover.protocol.Hour;
import dev.cutover.protocol.Route;
import dev.cutover.protocol.RouteTable;
import dev.cutover.protocol.kafka.RoutesTopicReader;
import dev.cutover.streamconfig.CutoverSettings;
import dev.cutover.streamconfig.DatabaseName;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Workers read the routes topic with {@link RoutesTopicReader} when the controller is unreachable: it must read what
 * {@link KafkaRouteLog} writes and route every job and hour exactly as the controller's table does, holds included,
 * with the plan's database and job names (the value carries them), whatever the worker's own settings say.
 */
class RouteHistoryCompatibilityTest {

    private static final Instant T0 = Instant.parse("2026-11-23T00:00:00Z");
    private static final Hour H = Hour.parse("2026-11-22T05");

    /** A plan with none of the default names. */
    static final CutoverSettings NAMED = new CutoverSettings(CutoverSettings.DEFAULTS.flagPointer(),
            CutoverSettings.DEFAULTS.enabledPointer(), new DatabaseName("event_prod"), "oozie",
            new DatabaseName("event_oozie"), "airflow2", new DatabaseName("event_af2"));

    private static StreamRecord[] history(CutoverSettings plan) {
        StreamState shadow = StreamState.initial("s", plan.legacyJob(), T0);
        StreamState cutover = shadow.withRoutesFrom(H, plan.newJob(), false, H).withPhase(Phase.CUTOVER, T0);
        StreamState decommissioned = cutover.withRoutesFrom(H.plusHours(4), plan.newJob(), true, null);
        List<Hold> holds = List.of(new Hold(plan.newJob(), H, H, "the work list handles this hour"),
                new Hold(plan.legacyJob(), H.plusHours(-3), H.previous(), "already committed under epoch 1"));
        return new StreamRecord[] {record(shadow, plan, List.of()), record(cutover, plan, holds),
                record(decommissioned, plan, holds)};
    }

    private static StreamRecord record(StreamState state, CutoverSettings plan, List<Hold> holds) {
        return new StreamRecord(state, RouteTable.of(state.stream(), state.routing(), Databases.of(plan), holds));
    }

    private static void assertRoutesLikeTheController(RouteTable read, StreamRecord written, CutoverSettings plan) {
        assertThat(read.stream()).isEqualTo("s");
        assertThat(read.epoch()).isEqualTo(written.state().epoch());
        for (int h = -3; h < 10; h++) {
            for (String job : plan.jobs()) {
                Hour hour = H.plusHours(h);
                assertThat(read.route(job, hour)).as("%s %s at epoch %d", job, hour, written.state().epoch())
                        .isEqualTo(written.table().route(job, hour));
            }
        }
    }

    @Test
    void aWorkerRoutesFromTheRoutesTopicValueExactlyAsTheControllerDoesHoldsIncluded() throws Exception {
        CutoverSettings settings = CutoverSettings.DEFAULTS;
        for (StreamRecord record : history(settings)) {
            RouteTable read = RoutesTopicReader.parse(KafkaJson.writeRoute(record), Databases.of(settings));
            assertThat(read).isEqualTo(record.table());
            assertRoutesLikeTheController(read, record, settings);
        }
    }

    @Test
    void aWorkerWithDefaultSettingsRoutesToThePlansDatabasesTheValueNames() throws Exception {
        for (StreamRecord record : history(NAMED)) {
            RouteTable read = RoutesTopicReader.parse(KafkaJson.writeRoute(record),
                    Databases.of(CutoverSettings.DEFAULTS));
            assertThat(read.databases().production()).isEqualTo("event_prod");
            assertThat(read.databases().jobs()).containsExactly(
                    Map.entry("oozie", "event_oozie"), Map.entry("airflow2", "event_af2"));
            assertRoutesLikeTheController(read, record, NAMED);
            assertThat(read.route("airflow", H).writes()).as("a job the plan does not name").isFalse();
            assertThat(read.route("airflow", H).epoch()).isEqualTo(record.state().epoch());
        }
    }

    @Test
    void theControllerReadsBackTheValueAsTheStreamStateItWrote() {
        for (StreamRecord record : history(NAMED)) {
            ConsumerRecord<String, byte[]> consumed = new ConsumerRecord<>("cutover.routes", 0, 0L, "s",
                    KafkaJson.writeRoute(record));
            assertThat(KafkaRouteLog.route(consumed)).contains(record.state());
        }
    }

    @Test
    void aValueWrittenBeforeTheDatabasesWereRecordedRoutesWithTheWorkersSettings() throws Exception {
        CutoverSettings settings = CutoverSettings.DEFAULTS;
        for (StreamRecord record : history(settings)) {
            RouteTable read = RoutesTopicReader.parse(KafkaJson.write(record.state()), Databases.of(settings));
            assertThat(read.holds()).isEmpty();
            for (String job : settings.jobs()) {
                Route route = read.route(job, H.plusHours(6));
                assertThat(route.database()).isEqualTo(record.state().databaseFor(job, H.plusHours(6), settings));
                assertThat(route.epoch()).isEqualTo(record.state().epoch());
            }
        }
    }
}
