package dev.cutover.worker.route;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cutover.protocol.Databases;
import dev.cutover.protocol.FenceDecision;
import dev.cutover.protocol.Hold;
import dev.cutover.protocol.Hour;
import dev.cutover.protocol.Route;
import dev.cutover.protocol.RouteTable;
import dev.cutover.protocol.Routing;
import dev.cutover.protocol.kafka.RoutesTopicReader.RoutesUnavailableException;
import dev.cutover.streamconfig.CutoverSettings;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/** Routes from the routes topic's tables, without a broker: the tables a read returns are the test's. */
class KafkaRoutesTest {

    private static final String S = "eventlogging_NavigationTiming";
    private static final Hour H = Hour.parse("2026-11-20T03");
    private static final Databases DATABASES = Databases.of(CutoverSettings.DEFAULTS);

    private final ByteArrayOutputStream log = new ByteArrayOutputStream();
    private final AtomicReference<Map<String, RouteTable>> topic = new AtomicReference<>(Map.of());
    private final AtomicInteger reads = new AtomicInteger();

    private KafkaRoutes routes() {
        return new KafkaRoutes(() -> {
            reads.incrementAndGet();
            return topic.get();
        }, "routes topic cutover.routes on k:9092", new PrintStream(log, true, StandardCharsets.UTF_8));
    }

    private static RouteTable cutover(long epoch, List<Hold> holds) {
        return RouteTable.of(S, new Routing(epoch, Routing.initial("legacy").from(H, "airflow", false).segments()),
                DATABASES, holds);
    }

    @Test
    void eachJobIsRoutedByTheRouteTableOfItsStream() throws Exception {
        topic.set(Map.of(S, cutover(2, List.of())));
        KafkaRoutes routes = routes();

        assertThat(routes.route("airflow", S, H)).contains(Route.write("event", 2));
        assertThat(routes.route("legacy", S, H)).contains(Route.write("event_systemd", 2));
        assertThat(routes.route("airflow", S, H.previous())).contains(Route.write("event_airflow", 2));
        assertThat(routes.route("airflow", "not.managed", H)).as("a stream the topic does not route").isEmpty();
    }

    @Test
    void anHourAHoldCoversIsDoNotWriteWithTheHoldsReason() throws Exception {
        topic.set(Map.of(S, cutover(2, List.of(new Hold("airflow", H, H, "rerun of the cutover hour is on the work"
                + " list")))));
        KafkaRoutes routes = routes();

        assertThat(routes.route("airflow", S, H)).contains(Route.doNotWrite(2,
                "rerun of the cutover hour is on the work list"));
        assertThat(routes.route("airflow", S, H.next())).contains(Route.write("event", 2));
        assertThat(routes.route("legacy", S, H)).contains(Route.write("event_systemd", 2));
    }

    @Test
    void aJobThePlanDoesNotNameWritesNothingAndIsWarnedOfOnce() throws Exception {
        topic.set(Map.of(S, cutover(2, List.of())));
        KafkaRoutes routes = routes();

        assertThat(routes.route("spark3", S, H)).hasValueSatisfying(r -> {
            assertThat(r.writes()).isFalse();
            assertThat(r.reason()).contains("not a job of the migration plan");
        });
        routes.route("spark3", S, H.next());

        String warnings = log.toString(StandardCharsets.UTF_8);
        assertThat(warnings).contains("job 'spark3' is not a job of the migration plan the route of " + S
                + " on routes topic cutover.routes on k:9092").contains("[legacy, airflow]");
        assertThat(warnings.lines()).hasSize(1);
    }

    @Test
    void routesAreReadOncePerRoundAndEveryFenceReadsTheTopicAgain() throws Exception {
        topic.set(Map.of(S, cutover(2, List.of())));
        KafkaRoutes routes = routes();

        routes.route("airflow", S, H);
        routes.route("legacy", S, H);
        assertThat(reads).hasValue(1);
        assertThat(routes.fence(S, 2).check().proceeds()).isTrue();
        assertThat(reads).hasValue(2);
        routes.clear();
        routes.route("airflow", S, H);
        assertThat(reads).hasValue(3);
    }

    @Test
    void theFenceAbortsWhenTheEpochMovedTheStreamIsGoneOrTheTopicCannotBeRead() {
        topic.set(Map.of(S, cutover(3, List.of())));
        assertThat(routes().fence(S, 2).check()).isInstanceOfSatisfying(FenceDecision.Abort.class,
                a -> assertThat(a.reason()).contains("moved from 2 to 3").contains("routes topic cutover.routes"));

        topic.set(Map.of());
        assertThat(routes().fence(S, 3).check()).isInstanceOfSatisfying(FenceDecision.Abort.class,
                a -> assertThat(a.reason()).contains("has no route on routes topic"));

        KafkaRoutes unreadable = new KafkaRoutes(() -> {
            throw new RoutesUnavailableException("cannot read routes topic cutover.routes on k:9092: timeout", null);
        }, "routes topic cutover.routes on k:9092", new PrintStream(log, true, StandardCharsets.UTF_8));
        assertThat(unreadable.fence(S, 3).check()).isInstanceOfSatisfying(FenceDecision.Abort.class,
                a -> assertThat(a.reason()).contains("cannot confirm epoch 3").contains("timeout"));
    }
}
