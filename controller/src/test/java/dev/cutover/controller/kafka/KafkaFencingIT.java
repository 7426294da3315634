package dev.cutover.controller.kafka;

import dev.cutover.controller.routelog.TestBatches;
import dev.cutover.testkit.KafkaBroker;
import dev.cutover.protocol.AuditEvent;
import dev.cutover.controller.model.Phase;
import dev.cutover.controller.model.StreamState;
import dev.cutover.controller.routelog.RouteLog;
import dev.cutover.protocol.Hour;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Two controllers with the same transactional id: the newer one fences the older (the zombie). */
@ExtendWith(KafkaBroker.class)
class KafkaFencingIT {

    private static final Instant T0 = Instant.parse("2026-11-23T00:00:00Z");
    private static final Hour H = Hour.parse("2026-11-22T05");

    private static StreamState shadow(String stream) {
        return StreamState.initial(stream, "legacy", T0);
    }

    private static StreamState cutover(String stream) {
        return shadow(stream).withRoutesFrom(H, "airflow", false, H).withPhase(Phase.CUTOVER, T0);
    }

    private static AuditEvent event(long seq, String what) {
        return new AuditEvent(seq, T0, "s", "controller", what, "test", "rev");
    }

    @Test
    void aZombiesWriteAfterBeingFencedFailsAndChangesNothing() {
        KafkaSettings settings = TestTopics.settings("zombie");
        KafkaRouteLog zombie = new KafkaRouteLog(settings, Clock.systemUTC());
        zombie.restore();
        zombie.append(TestBatches.batch(List.of(shadow("s")), List.of(event(1, "managed")), List.of()));

        try (KafkaRouteLog successor = new KafkaRouteLog(settings, Clock.systemUTC())) {
            assertThat(successor.restore().routes()).containsExactlyEntriesOf(Map.of("s", shadow("s")));

            RouteLog.Batch late = TestBatches.batch(List.of(cutover("s")), List.of(event(2, "zombie cutover")),
                    List.of());
            assertThatThrownBy(() -> zombie.append(late)).isInstanceOf(RouteLogFencedException.class)
                    .hasMessageContaining("fenced").hasMessageContaining(settings.transactionalId());
            assertThat(zombie.fenced()).isTrue();
            assertThatThrownBy(() -> zombie.append(late)).isInstanceOf(RouteLogFencedException.class)
                    .hasMessageContaining("no longer writes");

            successor.append(TestBatches.batch(List.of(shadow("s").withPhase(Phase.PREFLIGHT, T0)),
                    List.of(event(2, "preflight")), List.of()));
        } finally {
            zombie.close();
        }

        try (KafkaRouteLog reader = new KafkaRouteLog(settings, Clock.systemUTC())) {
            RouteLog.Restored restored = reader.restore();
            assertThat(restored.routes()).containsExactlyEntriesOf(
                    Map.of("s", shadow("s").withPhase(Phase.PREFLIGHT, T0)));
            assertThat(restored.events()).extracting(AuditEvent::what).containsExactly("managed", "preflight");
        }
    }

    @Test
    void aTransactionLeftOpenByTheFencedControllerIsAbortedAndNeverSeen() {
        KafkaSettings settings = TestTopics.settings("halfwritten");
        try (KafkaRouteLog first = new KafkaRouteLog(settings, Clock.systemUTC())) {
            first.restore();
            first.append(TestBatches.batch(List.of(shadow("s")), List.of(event(1, "managed")), List.of()));
        }
        // A controller that paused in the middle of a batch: its transaction is open, part of it sent.
        try (KafkaProducer<String, byte[]> paused = new KafkaProducer<>(settings.client(Map.of(
                ProducerConfig.TRANSACTIONAL_ID_CONFIG, settings.transactionalId(),
                ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName(),
                ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName())))) {
            paused.initTransactions();
            paused.beginTransaction();
            paused.send(new ProducerRecord<>(settings.routesTopic(), "s", KafkaJson.write(cutover("s"))));
            paused.flush();

            try (KafkaRouteLog successor = new KafkaRouteLog(settings, Clock.systemUTC())) {
                RouteLog.Restored restored = successor.restore();
                assertThat(restored.routes()).containsExactlyEntriesOf(Map.of("s", shadow("s")));
                assertThat(restored.events()).extracting(AuditEvent::what).containsExactly("managed");
            }
            paused.send(new ProducerRecord<>(settings.eventsTopic(), "s", KafkaJson.write(event(2, "cutover"))));
            assertThatThrownBy(paused::commitTransaction).isInstanceOf(KafkaException.class);
        }

        try (KafkaRouteLog reader = new KafkaRouteLog(settings, Clock.systemUTC())) {
            assertThat(reader.restore().routes()).containsExactlyEntriesOf(Map.of("s", shadow("s")));
        }
    }
}
