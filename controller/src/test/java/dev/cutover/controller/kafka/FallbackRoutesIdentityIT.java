package dev.cutover.controller.kafka;

import dev.cutover.controller.http.FakeWorker;
import dev.cutover.controller.model.Phase;
import dev.cutover.controller.model.StreamState;
import dev.cutover.controller.service.ControllerConfig;
import dev.cutover.controller.service.ControllerService;
import dev.cutover.protocol.Databases;
import dev.cutover.protocol.Hour;
import dev.cutover.protocol.Route;
import dev.cutover.protocol.RouteTable;
import dev.cutover.protocol.Verdict;
import dev.cutover.protocol.WorkAction;
import dev.cutover.protocol.WorkItem;
import dev.cutover.protocol.api.ApiCallException;
import dev.cutover.protocol.api.ControllerApiClient;
import dev.cutover.protocol.kafka.RoutesTopicReader;
import dev.cutover.streamconfig.CutoverSettings;
import dev.cutover.streamconfig.source.OverrideLayer;
import dev.cutover.testkit.KafkaBroker;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import static dev.cutover.controller.kafka.CutoverScenario.H0;
import static dev.cutover.controller.kafka.CutoverScenario.NAV;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * DESIGN.md's promise to a worker whose controller does not answer: the routes topic, read with the worker's own
 * reader ({@link RoutesTopicReader}) and routed with the one routing rule ({@link RouteTable#route}), gives exactly
 * the answer of the controller's {@code GET /v1/routes} for every (job, stream, hour), at every stage of a scripted
 * cutover and rollback, including the hours a job must not write yet (restore copies pending).
 */
@ExtendWith(KafkaBroker.class)
class FallbackRoutesIdentityIT {

    static final CutoverSettings S = CutoverSettings.DEFAULTS;
    static final String LEGACY = S.legacyJob();
    static final String AIRFLOW = S.newJob();
    /** Every hour the script touches (H0 .. H0+4) and three untouched ones on each side. */
    static final List<Hour> HOURS = hours(H0.plusHours(-3), H0.plusHours(7));

    @TempDir
    Path dir;
    CutoverScenario scenario;
    KafkaSettings kafka;
    ControllerService service;
    ControllerApiClient api;
    FakeWorker worker;
    RoutesTopicReader reader;
    /** Stage -> the answers of that stage: "job stream hour" -> route. */
    final Map<String, Map<String, Route>> answers = new LinkedHashMap<>();

    private static List<Hour> hours(Hour from, Hour to) {
        List<Hour> hours = new ArrayList<>();
        for (Hour h = from; !h.isAfter(to); h = h.next()) {
            hours.add(h);
        }
        return hours;
    }

    @BeforeEach
    void start() throws Exception {
        scenario = new CutoverScenario(dir);
        Files.writeString(scenario.planFile(), """
                cluster: kafka-test
                order: [eventlogging_NavigationTiming]
                canary: {consecutive_pass_hours: 2, window_hours: 24}
                auto_promote: true
                """);
        kafka = TestTopics.settings("fallback-identity");
        service = ControllerService.start(ControllerConfig.fromMap(scenario.controllerOptions("only", kafka)),
                Clock.systemUTC());
        worker = new FakeWorker(service.url(), Optional.empty(), (stream, hour) -> Verdict.PASS);
        api = worker.client();
        reader = new RoutesTopicReader(kafka.bootstrap(), kafka.routesTopic(), Map.of(), Databases.of(S),
                Clock.systemUTC(), Duration.ofSeconds(30));
        await().atMost(Duration.ofSeconds(60)).until(() -> service.view().ready()
                && service.view().leadership().active() && service.view().state(NAV).isPresent());
    }

    @AfterEach
    void stop() {
        if (service != null) {
            service.close();
        }
    }

    /** Waits until every report on the topic was applied and everything it caused was reconciled. */
    private void settled() throws Exception {
        await().atMost(Duration.ofSeconds(60)).until(() -> CutoverScenario.reportsApplied(kafka));
        service.idle().get();
    }

    private Phase phase() {
        return service.view().state(NAV).map(StreamState::phase).orElseThrow();
    }

    /** Waits (polling the config, as the poller would) until NAV reaches {@code phase}. */
    private void awaitPhase(Phase phase) {
        await().atMost(Duration.ofSeconds(60)).until(() -> {
            service.pollNow().get();
            settled();
            return phase() == phase;
        });
    }

    /** Both jobs refine the hour where their routes say (a routed refine), then the work lists are run. */
    private void hour(int n) throws Exception {
        for (String job : S.jobs()) {
            worker.refine(job, NAV, H0.plusHours(n));
        }
        settled();
        runWork(AIRFLOW);
        runWork(LEGACY);
    }

    /** Runs the job's work list once (as a worker would) and waits until the reports were applied. */
    private void runWork(String job) throws Exception {
        if (worker.runWork(job) > 0) {
            settled();
        }
    }

    private List<WorkItem> work(String job) throws ApiCallException {
        return api.work(job);
    }

    /**
     * The identity at this stage: for every job, managed stream and hour, the controller's answer equals the
     * fallback's (routes topic + the routing rule); the answers are kept per stage.
     */
    private void identical(String stage) throws Exception {
        Map<String, RouteTable> topic = reader.read();
        Map<String, Route> seen = new LinkedHashMap<>();
        for (String job : S.jobs()) {
            for (Hour hour : HOURS) {
                Map<String, Route> routes = api.routes(job, hour);
                assertThat(topic.keySet()).as("%s: every managed stream is on the routes topic", stage)
                        .containsExactlyInAnyOrderElementsOf(routes.keySet());
                for (Map.Entry<String, Route> e : routes.entrySet()) {
                    Route fallback = topic.get(e.getKey()).route(job, hour);
                    assertThat(fallback).as("%s: %s %s %s (topic epoch %d)", stage, job, e.getKey(), hour,
                            topic.get(e.getKey()).epoch()).isEqualTo(e.getValue());
                    seen.put(job + " " + e.getKey() + " " + hour, e.getValue());
                }
            }
        }
        answers.put(stage, seen);
    }

    /** NAV's answers of a stage that say "do not write" for a reason of the work list. */
    private List<String> heldHours(String stage) {
        List<String> held = new ArrayList<>();
        answers.get(stage).forEach((key, route) -> {
            if (key.contains(" " + NAV + " ") && !route.writes() && route.reason() != null) {
                held.add(key + ": " + route.reason());
            }
        });
        return held;
    }

    @Test
    void theRoutesTopicAndTheControllerAnswerAlikeForEveryJobStreamAndHourThroughACutoverAndARollback()
            throws Exception {
        settled(); // ready and active says the state is restored, not that every stream was reconciled since
        identical("managed");

        hour(0);
        assertThat(phase()).isEqualTo(Phase.SHADOW);
        identical("shadow with evidence");

        hour(1);
        awaitPhase(Phase.CUTOVER);
        Hour cutover = service.view().state(NAV).orElseThrow().cutoverHour();
        assertThat(cutover).isEqualTo(H0.plusHours(2));
        identical("auto-promoted: cutover");

        hour(2);
        awaitPhase(Phase.PROMOTED);
        identical("rerun of the cutover hour: promoted");

        hour(3);
        assertThat(phase()).isEqualTo(Phase.PROMOTED);
        identical("promoted hours");

        OverrideLayer.open(scenario.overrideFile(), Clock.systemUTC()).revert(NAV, S.flagPointer(), "alice",
                "T1234: roll back to legacy");
        awaitPhase(Phase.ROLLING_BACK);
        assertThat(work(AIRFLOW)).as("the new job's production output is preserved first")
                .extracting(WorkItem::action).containsOnly(WorkAction.COPY);
        identical("rollback: preservation copies pending");

        runWork(AIRFLOW);
        assertThat(work(LEGACY)).as("production is restored by copies from legacy's shadow output")
                .extracting(WorkItem::action, WorkItem::hour)
                .containsExactlyInAnyOrder(org.assertj.core.groups.Tuple.tuple(WorkAction.COPY, H0.plusHours(2)),
                        org.assertj.core.groups.Tuple.tuple(WorkAction.COPY, H0.plusHours(3)));
        assertThat(phase()).isEqualTo(Phase.ROLLING_BACK);
        identical("rollback: restore copies pending");
        assertThat(heldHours("rollback: restore copies pending")).as("the 'do not write yet' hours")
                .anySatisfy(held -> assertThat(held).contains(LEGACY + " " + NAV + " " + H0.plusHours(2),
                        "the work list handles this hour: copy into event"));

        runWork(LEGACY);
        awaitPhase(Phase.SHADOW);
        identical("restore done: shadow");

        runWork(AIRFLOW);
        hour(4);
        assertThat(phase()).isEqualTo(Phase.SHADOW);
        identical("shadow again");

        Set<Map<String, Route>> distinct = new LinkedHashSet<>(answers.values());
        assertThat(distinct).as("the answers change as the script goes on").hasSizeGreaterThan(4);
        List<Route> navAtCutoverHour = answers.values().stream()
                .map(stage -> stage.get(AIRFLOW + " " + NAV + " " + cutover)).distinct().toList();
        assertThat(navAtCutoverHour).as("the new job's route of the cutover hour across the stages")
                .hasSizeGreaterThan(2);
        for (String stage : answers.keySet()) {
            System.out.println("[FallbackRoutesIdentityIT] " + stage + ": " + heldHours(stage).size()
                    + " held answer(s) of " + NAV);
        }
    }
}
