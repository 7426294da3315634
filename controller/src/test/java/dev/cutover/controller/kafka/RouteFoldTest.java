package dev.cutover.controller.kafka;

import dev.cutover.controller.model.Phase;
import dev.cutover.controller.model.StreamState;
import dev.cutover.controller.routelog.RouteLogException;
import dev.cutover.controller.routelog.TestBatches;
import dev.cutover.protocol.Hour;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Restoring the routes topic: the same discipline as the journal (issue 10), an epoch never goes back. */
class RouteFoldTest {

    private static final Instant T0 = Instant.parse("2026-11-23T00:00:00Z");
    private static final Hour H = Hour.parse("2026-11-22T05");

    private static StreamState shadow(String stream) {
        return StreamState.initial(stream, "legacy", T0);
    }

    private static StreamState cutover(String stream) {
        return shadow(stream).withRoutesFrom(H, "airflow", false, H).withPhase(Phase.CUTOVER, T0);
    }

    private static ConsumerRecord<String, byte[]> route(long offset, StreamState state) {
        return new ConsumerRecord<>("cutover.routes", 0, offset, state.stream(),
                KafkaJson.writeRoute(TestBatches.record(state)));
    }

    private static ConsumerRecord<String, byte[]> tombstone(long offset, String stream) {
        return new ConsumerRecord<>("cutover.routes", 0, offset, stream, null);
    }

    @Test
    void keepsTheLatestStateOfEveryStreamAndItsHighestEpoch() {
        RouteFold fold = new RouteFold();
        fold.apply(route(0, shadow("s")));
        fold.apply(route(1, cutover("s")));
        fold.apply(route(2, shadow("t")));

        assertThat(fold.routes()).containsOnlyKeys("s", "t");
        assertThat(fold.routes().get("s")).isEqualTo(cutover("s"));
        assertThat(fold.epochs()).containsEntry("s", 2L).containsEntry("t", 1L);
    }

    @Test
    void aRouteRecordThatLowersAStreamsEpochStopsTheRestoreNamingTopicPartitionAndOffset() {
        RouteFold fold = new RouteFold();
        fold.apply(route(0, cutover("s")));

        assertThatThrownBy(() -> fold.apply(route(1, shadow("s")))).isInstanceOf(RouteLogException.class)
                .hasMessageContaining("cutover.routes-0 offset 1").hasMessageContaining("key s")
                .hasMessageContaining("the epoch of stream s goes back from 2 to 1")
                .hasMessageContaining("kafka-delete-records");
    }

    @Test
    void aTombstoneRemovesTheStreamButNotItsHighestEpoch() {
        RouteFold fold = new RouteFold();
        fold.apply(route(0, cutover("s")));
        fold.apply(tombstone(1, "s"));

        assertThat(fold.routes()).isEmpty();
        assertThat(fold.epochs()).containsEntry("s", 2L);
        assertThatThrownBy(() -> fold.apply(route(2, shadow("s")))).isInstanceOf(RouteLogException.class)
                .hasMessageContaining("goes back from 2 to 1");
    }
}
