package dev.cutover.controller.kafka;

import dev.cutover.controller.model.Phase;
import dev.cutover.controller.model.StreamState;
import dev.cutover.model.Hour;
import dev.cutover.model.RouteHistory;
import dev.cutover.streamconfig.CutoverSettings;
import org.junit.jupiter.api.Test;

import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Workers read the routes topic with {@link RouteHistory} (stream-config) when the controller is unreachable: it
 * must read what {@link KafkaRouteLog} writes and route every job and hour exactly as the controller does.
 */
class RouteHistoryCompatibilityTest {

    private static final Instant T0 = Instant.parse("2026-11-23T00:00:00Z");
    private static final Hour H = Hour.parse("2026-11-22T05");

    @Test
    void aWorkerRoutesFromTheRoutesTopicValueExactlyAsTheControllerDoes() {
        CutoverSettings settings = CutoverSettings.DEFAULTS;
        StreamState shadow = StreamState.initial("s", "legacy", T0);
        StreamState cutover = shadow.withRoutesFrom(H, "airflow", false, H).withPhase(Phase.CUTOVER, T0);
        StreamState decommissioned = cutover.withRoutesFrom(H.plusHours(4), "airflow", true, null);
        for (StreamState state : new StreamState[] {shadow, cutover, decommissioned}) {
            RouteHistory history = RouteHistory.parse(KafkaJson.write(state));
            assertThat(history.stream()).isEqualTo("s");
            assertThat(history.epoch()).isEqualTo(state.epoch());
            for (int h = -3; h < 10; h++) {
                for (String job : settings.jobs()) {
                    Hour hour = H.plusHours(h);
                    assertThat(history.route(job, hour, settings)).as("%s %s at epoch %d", job, hour, state.epoch())
                            .isEqualTo(state.route(job, hour, settings));
                }
            }
        }
    }
}
