package dev.cutover.worker.route;

import dev.cutover.testkit.KafkaBroker;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.cutover.protocol.Databases;
import dev.cutover.protocol.FenceDecision;
import dev.cutover.protocol.Hour;
import dev.cutover.protocol.ProtocolJson;
import dev.cutover.protocol.RefineReport;
import dev.cutover.protocol.Report;
import dev.cutover.protocol.Route;
import dev.cutover.protocol.api.ControllerApiClient;
import dev.cutover.streamconfig.CutoverSettings;
import dev.cutover.worker.FakeController;
import dev.cutover.worker.report.Attempt;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/** The worker's side of the Kafka control plane against a real broker: routes fallback, fencing, reports. */
@ExtendWith(KafkaBroker.class)
class KafkaFallbackIT {

    private static final String NAV = "eventlogging_NavigationTiming";
    private static final Hour H = Hour.parse("2026-11-20T03");

    /** A routes-topic value exactly as the controller's Kafka route log writes it (a StreamState). */
    private static String streamState(long epoch, String leaderFromH) {
        return """
                {"stream":"%s","phase":"CUTOVER","epoch":%d,"segments":[
                 {"from_hour":"2026-11-20T00","epoch":1,"leader":"legacy","secondary_stopped":false},
                 {"from_hour":"2026-11-20T03","epoch":%d,"leader":"%s","secondary_stopped":false}],
                 "cutover_hour":"2026-11-20T03","promoted_at":null,"suspended_phase":null,"problems":[],
                 "overridden":false,"decommission_requested":false,"phase_since":"2026-11-23T00:00:00Z",
                 "evidence_from":null}""".formatted(NAV, epoch, epoch, leaderFromH);
    }

    /**
     * The same under a plan with none of the default names, as the controller writes it now: the value carries the
     * plan's production database and each job's shadow database.
     */
    private static String namedPlanState(long epoch) {
        return """
                {"stream":"%s","phase":"CUTOVER","epoch":%d,"segments":[
                 {"from_hour":"2026-11-20T00","epoch":1,"leader":"oozie","secondary_stopped":false},
                 {"from_hour":"2026-11-20T03","epoch":%d,"leader":"airflow2","secondary_stopped":false}],
                 "cutover_hour":"2026-11-20T03","promoted_at":null,"suspended_phase":null,"problems":[],
                 "overridden":false,"decommission_requested":false,"phase_since":"2026-11-23T00:00:00Z",
                 "evidence_from":null,
                 "databases":{"production":"event_main","jobs":{"oozie":"event_oozie","airflow2":"event_af2"}}}"""
                .formatted(NAV, epoch, epoch);
    }

    /**
     * A routes-topic value with a hold, as the controller writes it while its work list handles hours of a job (here:
     * the rollback's copies of legacy's hours 03 and 04 into production).
     */
    private static String heldState() {
        return """
                {"stream":"%s","phase":"ROLLING_BACK","epoch":3,"segments":[
                 {"from_hour":"2026-11-20T00","epoch":1,"leader":"legacy","secondary_stopped":false},
                 {"from_hour":"2026-11-20T03","epoch":3,"leader":"legacy","secondary_stopped":false}],
                 "databases":{"production":"event","jobs":{"legacy":"event_systemd","airflow":"event_airflow"}},
                 "holds":[{"job":"legacy","from":"2026-11-20T03","to":"2026-11-20T04",
                           "reason":"the rollback copies legacy's output of these hours into event"}]}"""
                .formatted(NAV);
    }

    private static void publish(KafkaLink link, String value) throws Exception {
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(link.client(Map.of(
                "key.serializer", StringSerializer.class.getName(),
                "value.serializer", ByteArraySerializer.class.getName())))) {
            producer.send(new ProducerRecord<>(link.routesTopic(), NAV, value.getBytes(StandardCharsets.UTF_8))).get();
        }
    }

    /** A controller URL nobody listens on: connections are refused, as when no controller runs. */
    private static ControllerApiClient deadController() throws Exception {
        try (ServerSocket socket = new ServerSocket(0)) {
            return new ControllerApiClient(URI.create("http://127.0.0.1:" + socket.getLocalPort()), Optional.empty(),
                    Duration.ofSeconds(2));
        }
    }

    private static KafkaRoutes kafkaRoutes(KafkaLink link, PrintStream log) {
        return KafkaRoutes.of(link, Databases.of(CutoverSettings.DEFAULTS), Clock.systemUTC(), Duration.ofSeconds(30),
                log);
    }

    private static void assertDoesNotWrite(Optional<Route> route, long epoch) {
        assertThat(route).hasValueSatisfying(r -> {
            assertThat(r.writes()).as(r.toString()).isFalse();
            assertThat(r.epoch()).isEqualTo(epoch);
        });
    }

    @Test
    void routesAndEpochsComeFromTheRoutesTopicWhileTheControllerIsUnreachable() throws Exception {
        KafkaLink link = TestTopics.newTopics("fallback");
        publish(link, streamState(2, "airflow"));
        ByteArrayOutputStream log = new ByteArrayOutputStream();
        PrintStream out = new PrintStream(log, true, StandardCharsets.UTF_8);
        FallbackRoutes routes = new FallbackRoutes(deadController(), kafkaRoutes(link, out), out);

        assertThat(routes.route("airflow", NAV, H)).contains(Route.write("event", 2));
        assertThat(routes.route("legacy", NAV, H)).contains(Route.write("event_systemd", 2));
        assertThat(routes.route("airflow", NAV, H.plusHours(-1))).contains(Route.write("event_airflow", 2));
        assertThat(routes.route("airflow", "not.managed", H)).isEmpty();
        assertThat(routes.fallingBack()).isTrue();
        assertThat(log.toString(StandardCharsets.UTF_8)).contains("unreachable").contains(link.routesTopic());

        assertThat(routes.fence(NAV, 2).check().proceeds()).isTrue();
        publish(link, streamState(3, "legacy"));
        assertThat(routes.fence(NAV, 2).check()).isInstanceOfSatisfying(FenceDecision.Abort.class, abort ->
                assertThat(abort.reason()).contains("moved from 2 to 3"));
    }

    @Test
    void fallbackRoutesUseThePlansJobAndDatabaseNamesFromTheRoutesTopicNotTheWorkersDefaults() throws Exception {
        KafkaLink link = TestTopics.newTopics("named-plan");
        publish(link, namedPlanState(2));
        ByteArrayOutputStream log = new ByteArrayOutputStream();
        PrintStream out = new PrintStream(log, true, StandardCharsets.UTF_8);
        FallbackRoutes routes = new FallbackRoutes(deadController(), kafkaRoutes(link, out), out);

        assertThat(routes.route("airflow2", NAV, H)).contains(Route.write("event_main", 2));
        assertThat(routes.route("oozie", NAV, H)).contains(Route.write("event_oozie", 2));
        assertThat(routes.route("airflow2", NAV, H.plusHours(-1))).contains(Route.write("event_af2", 2));
        assertThat(routes.route("oozie", NAV, H.plusHours(-1))).contains(Route.write("event_main", 2));
        assertThat(routes.fallingBack()).isTrue();
        assertThat(log.toString(StandardCharsets.UTF_8)).doesNotContain("not a job of the migration plan");

        assertDoesNotWrite(routes.route("airflow", NAV, H), 2);
        assertDoesNotWrite(routes.route("legacy", NAV, H.plusHours(-1)), 2);
        routes.route("legacy", NAV, H);
        String warnings = log.toString(StandardCharsets.UTF_8);
        assertThat(warnings).contains("job 'airflow' is not a job of the migration plan").contains("[oozie, airflow2]")
                .contains("job 'legacy' is not a job of the migration plan");
        assertThat(warnings.split("job 'legacy' is not", -1)).as("each unknown job is logged once").hasSize(2);
        assertThat(routes.fence(NAV, 2).check().proceeds()).isTrue();
    }

    @Test
    void aHeldHourIsAnsweredDoNotWriteFromTheRoutesTopicAsTheControllerWouldAnswerIt() throws Exception {
        KafkaLink link = TestTopics.newTopics("held");
        publish(link, heldState());
        PrintStream out = new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8);
        FallbackRoutes routes = new FallbackRoutes(deadController(), kafkaRoutes(link, out), out);

        assertThat(routes.route("legacy", NAV, H)).contains(Route.doNotWrite(3,
                "the rollback copies legacy's output of these hours into event"));
        assertDoesNotWrite(routes.route("legacy", NAV, H.next()), 3);
        assertThat(routes.fallingBack()).isTrue();
        assertThat(routes.route("legacy", NAV, H.plusHours(2))).as("after the hold").contains(Route.write("event", 3));
        assertThat(routes.route("legacy", NAV, H.previous())).as("before the hold").contains(Route.write("event", 3));
        assertThat(routes.route("airflow", NAV, H)).as("the other job is not held")
                .contains(Route.write("event_airflow", 3));
    }

    @Test
    void theControllerStaysTheSourceWhileItAnswers() throws Exception {
        KafkaLink link = TestTopics.newTopics("reachable");
        publish(link, streamState(2, "airflow"));
        try (FakeController controller = new FakeController(null)) {
            controller.route("airflow", NAV, "event_airflow", 7);
            controller.epochs.put(NAV, 7L);
            ControllerApiClient client = new ControllerApiClient(controller.url(), Optional.empty(),
                    Duration.ofSeconds(5));
            PrintStream out = new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8);
            FallbackRoutes routes = new FallbackRoutes(client, kafkaRoutes(link, out), out);
            assertThat(routes.route("airflow", NAV, H)).contains(Route.write("event_airflow", 7));
            assertThat(routes.fence(NAV, 7).check().proceeds()).isTrue();
            assertThat(routes.fallingBack()).isFalse();
        }
    }

    @Test
    void reportsGoToTheReportsTopicAsTheControllerReadsThem() throws Exception {
        KafkaLink link = TestTopics.newTopics("reports");
        RefineReport report = new Attempt(null, "airflow", NAV, H, "event", "navigationtiming", 2, 5)
                .refined(10, "sum", "fp", 100);
        ByteArrayOutputStream errors = new ByteArrayOutputStream();
        try (KafkaReports sink = new KafkaReports(link, Clock.systemUTC(), Duration.ofSeconds(30),
                new PrintStream(errors, true, StandardCharsets.UTF_8))) {
            sink.send(report);
            sink.send(report);
        }
        assertThat(errors.toString(StandardCharsets.UTF_8)).isEmpty();

        List<ConsumerRecord<String, byte[]>> records = new ArrayList<>();
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(link.client(Map.of(
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed",
                ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName(),
                ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName())))) {
            TopicPartition partition = new TopicPartition(link.reportsTopic(), 0);
            consumer.assign(List.of(partition));
            consumer.seekToBeginning(List.of(partition));
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (records.size() < 2 && System.nanoTime() < deadline) {
                consumer.poll(Duration.ofMillis(200)).forEach(records::add);
            }
        }
        assertThat(records).hasSize(2);
        JsonNode value = JsonMapper.builder().build().readTree(records.get(0).value());
        assertThat(records.get(0).key()).isEqualTo(NAV);
        assertThat(value.path("stream").asText()).isEqualTo(NAV);
        assertThat(value.path("hour").asText()).isEqualTo("2026-11-20T03");
        assertThat(value.path("epoch").asLong()).isEqualTo(2);
        assertThat(value.path("action").asText()).isEqualTo("refine");
        assertThat(ProtocolJson.read(records.get(0).value(), Report.class)).isEqualTo(report);
    }
}
