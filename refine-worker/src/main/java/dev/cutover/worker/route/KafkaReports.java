package dev.cutover.worker.route;

import dev.cutover.protocol.Report;
import dev.cutover.worker.report.ReportSink;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Reports to the controller's reports topic through an idempotent producer ({@code enable.idempotence=true},
 * {@code acks=all}): a retried send is stored once, an acknowledged report survives a broker loss, and none is lost
 * while no controller runs (the next active controller reads them all). Value = the report's JSON (what
 * {@code POST /v1/reports} takes), key = its stream, partition 0 (the topic has one: its offsets number the
 * reports), timestamp = when it was sent. Each report is sent and acknowledged before {@link #send} returns; one
 * that is not is written to {@code errors} (the controller's work lists ask again for what it did not hear about).
 */
public final class KafkaReports implements ReportSink, AutoCloseable {

    private final KafkaLink link;
    private final Clock clock;
    private final Duration timeout;
    private final PrintStream errors;
    private final KafkaProducer<String, byte[]> producer;

    public KafkaReports(KafkaLink link, Clock clock, Duration timeout, PrintStream errors) {
        this.link = link;
        this.clock = clock;
        this.timeout = timeout;
        this.errors = errors;
        this.producer = new KafkaProducer<>(link.client(Map.of(
                ProducerConfig.CLIENT_ID_CONFIG, "cutover-worker-reports",
                ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true,
                ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.MAX_BLOCK_MS_CONFIG, (int) timeout.toMillis(),
                ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName(),
                ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName())));
    }

    @Override
    public void send(Report report) {
        byte[] value = ReportSink.toJson(report).getBytes(StandardCharsets.UTF_8);
        try {
            producer.send(new ProducerRecord<>(link.reportsTopic(), 0, clock.millis(), report.stream(), value))
                    .get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            warn(report, e.getCause().getMessage());
        } catch (TimeoutException | KafkaException e) {
            warn(report, e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            warn(report, "interrupted");
        }
    }

    private void warn(Report report, String problem) {
        errors.println("warning: report for " + report.stream() + " " + report.hour() + " not delivered to Kafka topic "
                + link.reportsTopic() + " on " + link.bootstrap() + ": " + problem);
    }

    @Override
    public void close() {
        producer.close(Duration.ofSeconds(5));
    }
}
