package dev.cutover.controller.kafka;

import dev.cutover.protocol.Report;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Where a worker sends its reports when the control plane runs on Kafka: the reports topic, through an idempotent
 * producer ({@code enable.idempotence=true}, {@code acks=all}), so a retried send is stored once and an acknowledged
 * report survives the loss of a broker. The controller does not need to be up: it reads the topic when it starts.
 * Value = the report's JSON (as {@code POST /v1/reports} takes it), key = its stream, timestamp = when it was sent.
 */
public final class KafkaReportSink implements AutoCloseable {

    private final KafkaSettings settings;
    private final Clock clock;
    private final KafkaProducer<String, byte[]> producer;

    /** Creates the producer (it connects lazily, on the first send). */
    public KafkaReportSink(KafkaSettings settings, Clock clock, String clientId) {
        this.settings = settings;
        this.clock = clock;
        this.producer = new KafkaProducer<>(settings.client(Map.of(
                ProducerConfig.CLIENT_ID_CONFIG, clientId,
                ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true,
                ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.MAX_BLOCK_MS_CONFIG, (int) settings.readTimeout().toMillis(),
                ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName(),
                ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName())));
    }

    /**
     * Sends the reports, in order, and waits until Kafka acknowledged every one.
     *
     * @return the offsets they were stored at
     * @throws ReportSinkException when one was not acknowledged within the read timeout (retrying is safe: the
     *                             controller keeps the newest report per partition and hour)
     */
    public List<Long> send(List<? extends Report> reports) {
        List<Future<RecordMetadata>> sent = new ArrayList<>();
        try {
            for (Report report : reports) {
                sent.add(producer.send(new ProducerRecord<>(settings.reportsTopic(), 0, clock.millis(),
                        report.stream(), KafkaJson.write(report))));
            }
            List<Long> offsets = new ArrayList<>();
            for (Future<RecordMetadata> future : sent) {
                offsets.add(future.get(settings.readTimeout().toMillis(), TimeUnit.MILLISECONDS).offset());
            }
            return offsets;
        } catch (ExecutionException e) {
            throw new ReportSinkException(reports.size(), settings, e.getCause().getMessage(), e.getCause());
        } catch (TimeoutException | KafkaException e) {
            throw new ReportSinkException(reports.size(), settings, e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ReportSinkException(reports.size(), settings, "interrupted", e);
        }
    }

    @Override
    public void close() {
        producer.close(Duration.ofSeconds(5));
    }

    /** Reports could not be stored on Kafka; the message names the topic and what to do. */
    public static final class ReportSinkException extends RuntimeException {
        ReportSinkException(int count, KafkaSettings settings, String problem, Throwable cause) {
            super("cannot send " + count + " report(s) to Kafka topic " + settings.reportsTopic() + " on "
                    + settings.bootstrap() + ": " + problem + " (retry; check the brokers and the client settings)",
                    cause);
        }
    }
}
