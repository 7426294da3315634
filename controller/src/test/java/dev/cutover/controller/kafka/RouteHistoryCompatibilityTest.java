package dev.cutover.controller.kafka;

import dev.cutover.controller.model.Phase;
import dev.cutover.controller.model.StreamState;
import dev.cutover.protocol.Hour;
import dev.cutover.model.Route;
import dev.cutover.model.RouteHistory;
import dev.cutover.streamconfig.CutoverSettings;
import dev.cutover.streamconfig.DatabaseName;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Workers read the routes topic with {@link RouteHistory} (stream-config) when the controller is unreachable: it
 * must read what {@link KafkaRouteLog} writes and route every job and hour exactly as the controller does, with the
 * plan's database and job names (the value carries them), whatever the worker's own settings say.
 */
class RouteHistoryCompatibilityTest {

    private static final Instant T0 = Instant.parse("2026-11-23T00:00:00Z");
    private static final Hour H = Hour.parse("2026-11-22T05");

    /** A plan with none of the default names. */
    static final CutoverSettings NAMED = new CutoverSettings(CutoverSettings.DEFAULTS.flagPointer(),
            CutoverSettings.DEFAULTS.enabledPointer(), new DatabaseName("event_prod"), "oozie",
            new DatabaseName("event_oozie"), "airflow2", new DatabaseName("event_af2"));

    private static StreamState[] history(CutoverSettings plan) {
        StreamState shadow = StreamState.initial("s", plan.legacyJob(), T0);
        StreamState cutover = shadow.withRoutesFrom(H, plan.newJob(), false, H).withPhase(Phase.CUTOVER, T0);
        StreamState decommissioned = cutover.withRoutesFrom(H.plusHours(4), plan.newJob(), true, null);
        return new StreamState[] {shadow, cutover, decommissioned};
    }

    private static void assertRoutesLikeTheController(RouteHistory history, StreamState state, CutoverSettings plan,
                                                      CutoverSettings worker) {
        assertThat(history.stream()).isEqualTo("s");
        assertThat(history.epoch()).isEqualTo(state.epoch());
        for (int h = -3; h < 10; h++) {
            for (String job : plan.jobs()) {
                Hour hour = H.plusHours(h);
                assertThat(history.route(job, hour, worker)).as("%s %s at epoch %d", job, hour, state.epoch())
                        .isEqualTo(state.route(job, hour, plan));
            }
        }
    }

    @Test
    void aWorkerRoutesFromTheRoutesTopicValueExactlyAsTheControllerDoes() {
        CutoverSettings settings = CutoverSettings.DEFAULTS;
        for (StreamState state : history(settings)) {
            RouteHistory history = RouteHistory.parse(KafkaJson.writeRoute(state, RouteHistory.Databases.of(settings)));
            assertRoutesLikeTheController(history, state, settings, settings);
        }
    }

    @Test
    void aWorkerWithDefaultSettingsRoutesToThePlansDatabasesTheValueNames() {
        for (StreamState state : history(NAMED)) {
            byte[] value = KafkaJson.writeRoute(state, RouteHistory.Databases.of(NAMED));
            RouteHistory history = RouteHistory.parse(value);
            assertThat(history.databases().production()).isEqualTo("event_prod");
            assertThat(history.databases().jobs()).containsExactly(
                    Map.entry("oozie", "event_oozie"), Map.entry("airflow2", "event_af2"));
            assertRoutesLikeTheController(history, state, NAMED, CutoverSettings.DEFAULTS);
            assertThat(history.knows("airflow", CutoverSettings.DEFAULTS)).isFalse();
            assertThat(history.route("airflow", H, CutoverSettings.DEFAULTS)).isEqualTo(new Route(null, state.epoch()));
        }
    }

    @Test
    void theControllerReadsBackTheValueWithTheDatabasesAsTheStreamStateItWrote() {
        for (StreamState state : history(NAMED)) {
            ConsumerRecord<String, byte[]> record = new ConsumerRecord<>("cutover.routes", 0, 0L, "s",
                    KafkaJson.writeRoute(state, RouteHistory.Databases.of(NAMED)));
            assertThat(KafkaRouteLog.route(record)).contains(state);
        }
    }

    @Test
    void aValueWrittenBeforeTheDatabasesWereRecordedRoutesWithTheWorkersSettings() {
        CutoverSettings settings = CutoverSettings.DEFAULTS;
        for (StreamState state : history(settings)) {
            RouteHistory history = RouteHistory.parse(KafkaJson.write(state));
            assertThat(history.databases()).isNull();
            assertRoutesLikeTheController(history, state, settings, settings);
        }
    }
}
