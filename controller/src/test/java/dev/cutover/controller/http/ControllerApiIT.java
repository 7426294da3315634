package dev.cutover.controller.http;

import dev.cutover.testkit.MutableClock;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.TextNode;
import dev.cutover.controller.plan.CanaryPolicy;
import dev.cutover.controller.plan.MigrationPlan;
import dev.cutover.controller.routelog.JournalRouteLog;
import dev.cutover.controller.service.ControllerService;
import dev.cutover.controller.service.FlagWriter;
import dev.cutover.protocol.Hour;
import dev.cutover.protocol.Verdict;
import dev.cutover.protocol.WorkAction;
import dev.cutover.streamconfig.CutoverSettings;
import dev.cutover.streamconfig.poll.ConfigTracker;
import dev.cutover.streamconfig.poll.TrackerPolicy;
import dev.cutover.streamconfig.source.ConfigSources;
import dev.cutover.streamconfig.source.LayeredConfigSource;
import dev.cutover.streamconfig.source.OverrideLayer;
import dev.cutover.streamconfig.source.SourceOptions;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The HTTP API on a real Vert.x server (port 0), a real file config source and override layer, a fake worker. */
class ControllerApiIT {

    static final String NAV = "eventlogging_NavigationTiming";
    static final String DELETE = "mediawiki.page-delete";
    static final String TOKEN = "s3cret";
    static final String WORKER_TOKEN = "w0rker";
    static final Hour H0 = Hour.parse("2026-11-20T00");
    static final CutoverSettings S = CutoverSettings.DEFAULTS;

    @TempDir
    Path dir;
    ControllerService service;
    final MutableClock clock = new MutableClock(Clock.systemUTC().instant());
    OverrideLayer layer;
    /** The operators' client. */
    ApiClient api;
    ApiClient workerApi;
    FakeWorker worker;

    @BeforeEach
    void start() throws Exception {
        Path config = dir.resolve("streams.json");
        Files.copy(Path.of(System.getProperty("cutover.shared.dir"), "fixtures/streamconfigs/sample.json"), config);
        layer = OverrideLayer.open(dir.resolve("overrides.json"), Clock.systemUTC());
        ConfigTracker tracker = new ConfigTracker(new LayeredConfigSource(
                ConfigSources.open(config.toString(), SourceOptions.defaults()), layer), dir.resolve("config"),
                Clock.systemUTC(), TrackerPolicy.defaults().withPollInterval(Duration.ofMillis(200)));
        MigrationPlan plan = MigrationPlan.defaults(List.of(NAV, DELETE))
                .withCanary(new CanaryPolicy(2, 24, CanaryPolicy.KNOWN_CHECKS))
                .withAutomation(true, 0, Duration.ofHours(1));
        service = ControllerService.start(plan, tracker, Optional.of(layer), new JournalRouteLog(dir.resolve("state")), clock,
                ControllerService.Options.loopback()
                        .withTokens(new WriteTokens(Optional.of(WORKER_TOKEN), Optional.of(TOKEN))));
        api = new ApiClient(service.url(), Optional.of(TOKEN));
        workerApi = new ApiClient(service.url(), Optional.of(WORKER_TOKEN));
        worker = new FakeWorker(api.base(), workerApi.token(), (stream, hour) -> stream.equals(DELETE) ? Verdict.FAIL : Verdict.PASS);
        awaitPolling("ready", () -> api.get("/ready").status() == 200);
    }

    @AfterEach
    void stop() {
        service.close();
    }

    /** Polls the config now, as the poller would, until {@code condition} holds ({@code what} names it). */
    private void awaitPolling(String what, Callable<Boolean> condition) {
        await(what).atMost(Duration.ofSeconds(20)).pollInSameThread().until(() -> {
            service.pollNow().get();
            return condition.call();
        });
    }

    private JsonNode stream(String name) {
        return api.get("/v1/streams/" + name).json();
    }

    private void hour(int n, String... streams) throws Exception {
        for (String s : streams) {
            for (String job : S.jobs()) {
                worker.refine(job, s, H0.plusHours(n));
            }
        }
        service.idle().get();
        worker.drain(S.jobs());
        service.idle().get();
    }

    @Test
    void servesHealthReadinessStreamsAndPrometheusMetrics() {
        assertThat(api.get("/healthy").status()).isEqualTo(200);
        JsonNode streams = api.get("/v1/streams").json().path("streams");
        List<String> names = new ArrayList<>();
        streams.forEach(s -> names.add(s.path("stream").asText()));
        assertThat(names).contains(NAV, DELETE).doesNotContain("eventlogging_InukaPageView");

        JsonNode nav = stream(NAV);
        assertThat(nav.path("phase").asText()).isEqualTo("SHADOW");
        assertThat(nav.path("table").asText()).isEqualTo("navigationtiming");
        assertThat(nav.path("leader").asText()).isEqualTo("legacy");
        assertThat(nav.path("epoch").asLong()).isEqualTo(1);
        assertThat(nav.path("routes").get(0).path("databases").path("airflow").asText()).isEqualTo("event_airflow");

        String metrics = api.get("/metrics").text();
        assertThat(metrics).contains("cutover_streams{phase=\"SHADOW\"}").contains("cutover_config_source_state");
    }

    @Test
    void routesAndEpochsFollowTheContract() {
        JsonNode routes = api.get("/v1/routes?job=airflow&hour=2026-11-20T05").json();
        assertThat(routes.path("job").asText()).isEqualTo("airflow");
        assertThat(routes.path("hour").asText()).isEqualTo("2026-11-20T05");
        assertThat(routes.path("routes").path(NAV).path("database").asText()).isEqualTo("event_airflow");
        assertThat(routes.path("routes").path(NAV).path("epoch").asLong()).isEqualTo(1);

        JsonNode one = api.get("/v1/routes?job=legacy&hour=2026-11-20T05&stream=" + NAV).json().path("routes");
        assertThat(one.size()).isEqualTo(1);
        assertThat(api.get("/v1/epochs?stream=" + NAV).json().path("epoch").asLong()).isEqualTo(1);

        assertThat(api.get("/v1/routes?job=cron&hour=2026-11-20T05").status()).isEqualTo(400);
        assertThat(api.get("/v1/routes?job=legacy&hour=yesterday").json().path("error").asText())
                .contains("YYYY-MM-DDTHH");
        assertThat(api.get("/v1/epochs?stream=nope").status()).isEqualTo(404);
    }

    @Test
    void writesNeedTheBearerTokenAndBadReportsAreRejectedWithTheProblem() {
        ApiClient anonymous = new ApiClient(service.url(), Optional.empty());
        assertThat(anonymous.post("/v1/reports", "[]").status()).isEqualTo(401);
        assertThat(anonymous.get("/v1/work?job=legacy").status()).isEqualTo(200);

        ApiClient.Response bad = workerApi.post("/v1/reports",
                "[{\"action\":\"refine\",\"job\":\"cron\",\"stream\":\"s\",\"hour\":\"2026-11-20T00\",\"epoch\":1,"
                        + "\"database\":\"event\",\"status\":\"OK\"}]");
        assertThat(bad.status()).isEqualTo(400);
        assertThat(bad.json().path("error").asText()).contains("job 'cron' is not one of [legacy, airflow]");
        assertThat(bad.json().path("problems")).extracting(JsonNode::asText).contains(
                "report 0: an OK refine report needs rows (>= 0)", "report 0: job 'cron' is not one of [legacy, airflow]");
        ApiClient.Response noEpoch = workerApi.post("/v1/reports",
                "[{\"action\":\"refine\",\"job\":\"legacy\",\"stream\":\"s\",\"hour\":\"2026-11-20T00\","
                        + "\"database\":\"event\",\"status\":\"OK\",\"rows\":1,\"checksum\":\"c\"}]");
        assertThat(noEpoch.status()).isEqualTo(400);
        assertThat(noEpoch.json().path("error").asText()).contains("report 0", "epoch");
        assertThat(workerApi.post("/v1/reports", "{\"hour\": \"noon\"}").status()).isEqualTo(400);
        assertThat(api.post("/v1/streams/" + NAV + "/decommission", Map.of("who", "me", "why", "done")).status())
                .isEqualTo(409);
    }

    @Test
    void canaryEvidencePromotesNavigationTimingWhileTheFailingStreamIsHeldBackThenRollbackRestoresProduction()
            throws Exception {
        hour(0, NAV, DELETE);
        assertThat(stream(NAV).path("verdicts").get(0).path("verdict").asText()).isEqualTo("PASS");
        assertThat(stream(DELETE).path("verdicts").get(0).path("verdict").asText()).isEqualTo("FAIL");
        assertThat(api.get("/metrics").text()).as("every report applied is counted, by action and status")
                .contains("cutover_reports_total{action=\"refine\",status=\"OK\"} 4.0")
                .contains("cutover_reports_total{action=\"compare\",status=\"OK\"} 2.0");
        hour(1, NAV, DELETE);

        awaitPolling("auto-promotion", () -> stream(NAV).path("phase").asText().equals("CUTOVER"));
        JsonNode nav = stream(NAV);
        assertThat(nav.path("epoch").asLong()).isEqualTo(2);
        assertThat(nav.path("cutover_hour").asText()).isEqualTo("2026-11-20T02");
        assertThat(nav.path("flag").asText()).isEqualTo("event");
        assertThat(layer.get(NAV, S.flagPointer())).contains(TextNode.valueOf("event"));
        assertThat(stream(DELETE).path("phase").asText()).isEqualTo("SHADOW");
        JsonNode events = api.get("/v1/events?since=0").json().path("events");
        assertThat(events.findValuesAsText("who")).contains("auto-promoter");

        hour(2, NAV, DELETE);
        awaitPolling("rerun of the cutover hour", () -> stream(NAV).path("phase").asText().equals("PROMOTED"));
        assertThat(api.get("/v1/routes?job=airflow&hour=2026-11-20T02&stream=" + NAV).json()
                .path("routes").path(NAV).path("database").asText()).isEqualTo("event");
        hour(3, NAV);

        layer.revert(NAV, S.flagPointer(), "alice", "T1234: roll back to legacy");
        awaitPolling("rollback to start", () -> !stream(NAV).path("phase").asText().equals("PROMOTED"));
        JsonNode airflowWork = api.get("/v1/work?job=airflow").json().path("items");
        assertThat(airflowWork.findValuesAsText("action")).containsOnly("copy");
        assertThat(airflowWork.findValuesAsText("database")).containsOnly("event_airflow");
        assertThat(stream(NAV).path("epoch").asLong()).isEqualTo(3);

        worker.drain(S.jobs());
        awaitPolling("rollback to finish", () -> stream(NAV).path("phase").asText().equals("SHADOW"));
        JsonNode routes = stream(NAV).path("routes");
        assertThat(routes.get(routes.size() - 1).path("from_hour").asText()).isEqualTo("2026-11-20T02");
        assertThat(routes.get(routes.size() - 1).path("leader").asText()).isEqualTo("legacy");
        var observed = service.view().observed(NAV);
        for (int h = 2; h <= 3; h++) {
            var production = observed.at(H0.plusHours(h)).in("event").orElseThrow();
            assertThat(production.job()).isEqualTo("legacy");
            assertThat(production.epoch()).isEqualTo(3);
            assertThat(production.action()).isEqualTo(WorkAction.COPY);
            assertThat(observed.at(H0.plusHours(h)).in("event_airflow")).isPresent();
        }
    }

    @Test
    void afterTheSoakPeriodOnlyAnAuthorizedDecommissionStopsLegacyAndDropsItsShadowPartitions() throws Exception {
        hour(0, NAV, DELETE);
        hour(1, NAV, DELETE);
        awaitPolling("auto-promotion", () -> stream(NAV).path("phase").asText().equals("CUTOVER"));
        hour(2, NAV);
        awaitPolling("rerun of the cutover hour", () -> stream(NAV).path("phase").asText().equals("PROMOTED"));
        Map<String, String> request = Map.of("who", "erin", "why", "T77: soaked, legacy timers can go");
        assertThat(api.post("/v1/streams/" + NAV + "/decommission", request).status()).as("still soaking")
                .isEqualTo(409);

        clock.advance(Duration.ofHours(1).plusMinutes(1));
        hour(3, NAV);
        awaitPolling("the soak period",
                () -> stream(NAV).path("phase").asText().equals("READY_TO_DECOMMISSION"));

        String path = "/v1/streams/" + NAV + "/decommission";
        assertThat(new ApiClient(service.url(), Optional.empty()).post(path, request).status()).isEqualTo(401);
        assertThat(new ApiClient(service.url(), Optional.of("guess")).post(path, request).status()).isEqualTo(401);
        assertThat(stream(NAV).path("phase").asText()).isEqualTo("READY_TO_DECOMMISSION");
        assertThat(api.post(path, request).status()).isBetween(200, 299);
        awaitPolling("the decommission", () -> stream(NAV).path("phase").asText().equals("DECOMMISSIONED"));

        List<String> legacyShadowHours = new ArrayList<>();
        service.view().observed(NAV).hours().forEach((hour, obs) -> {
            if (obs.in(S.legacyShadow().value()).isPresent()) {
                legacyShadowHours.add(hour.toString());
            }
        });
        assertThat(legacyShadowHours).containsExactly("2026-11-20T02", "2026-11-20T03");
        JsonNode drops = api.get("/v1/work?job=legacy").json().path("items");
        assertThat(drops.findValuesAsText("action")).containsOnly("drop");
        assertThat(drops.findValuesAsText("database")).containsOnly("event_systemd");
        assertThat(drops.findValuesAsText("stream")).containsOnly(NAV);
        assertThat(drops.findValuesAsText("hour")).containsExactlyInAnyOrderElementsOf(legacyShadowHours);
        assertThat(api.get("/v1/routes?job=legacy&hour=2026-11-20T05&stream=" + NAV).json().path("routes").path(NAV)
                .path("database").isNull()).as("legacy stops").isTrue();

        JsonNode events = api.get("/v1/events?since=0").json().path("events");
        assertThat(events.size()).isGreaterThan(3);
        for (JsonNode e : events) {
            for (String field : List.of("who", "what", "why", "at", "config_revision")) {
                assertThat(e.path(field).isTextual()).as("event %s has %s", e, field).isTrue();
            }
        }
        assertThat(events).anySatisfy(e -> {
            assertThat(e.path("what").asText()).isEqualTo("decommission requested");
            assertThat(e.path("who").asText()).isEqualTo("erin");
            assertThat(e.path("why").asText()).isEqualTo("T77: soaked, legacy timers can go");
            assertThat(e.path("at").asText()).isEqualTo(clock.instant().toString());
            assertThat(e.path("config_revision").asText()).isNotBlank();
        });
        assertThat(events).anySatisfy(e -> assertThat(e.path("what").asText())
                .startsWith("READY_TO_DECOMMISSION -> DECOMMISSIONED"));
    }

    @Test
    void overrideNeedsTheBearerToken() throws Exception {
        layer.set(DELETE, S.flagPointer(), TextNode.valueOf("event"), "bob", "try it");
        awaitPolling("blocked preflight", () -> stream(DELETE).path("phase").asText().equals("BLOCKED"));
        Map<String, String> request = Map.of("who", "mallory", "why", "let me through");
        String path = "/v1/streams/" + DELETE + "/override";

        assertThat(new ApiClient(service.url(), Optional.empty()).post(path, request).status()).isEqualTo(401);
        assertThat(new ApiClient(service.url(), Optional.of("s3cret2")).post(path, request).status()).isEqualTo(401);
        assertThat(workerApi.post(path, request).status()).as("workers may only report").isEqualTo(403);

        service.idle().get();
        assertThat(stream(DELETE).path("phase").asText()).isEqualTo("BLOCKED");
        assertThat(api.get("/v1/events?since=0").json().path("events").findValuesAsText("who"))
                .doesNotContain("mallory");
    }

    @Test
    void overrideUnblocksAPreflightAndIsAudited() throws Exception {
        layer.set(DELETE, S.flagPointer(), TextNode.valueOf("event"), "bob", "try it");
        awaitPolling("blocked preflight", () -> stream(DELETE).path("phase").asText().equals("BLOCKED"));
        assertThat(stream(DELETE).path("problems").get(0).asText()).contains("canary evidence insufficient");

        assertThat(api.post("/v1/streams/" + DELETE + "/override", Map.of("who", "carol")).status()).isEqualTo(400);
        assertThat(api.post("/v1/streams/" + DELETE + "/override",
                Map.of("who", "carol", "why", "T42: schema checked by hand")).status()).isEqualTo(202);
        awaitPolling("override", () -> stream(DELETE).path("phase").asText().equals("CUTOVER"));

        JsonNode events = api.get("/v1/events?since=0").json().path("events");
        JsonNode override = null;
        for (JsonNode e : events) {
            if (e.path("what").asText().equals("preflight overridden")) {
                override = e;
            }
        }
        assertThat(override).isNotNull();
        assertThat(override.path("who").asText()).isEqualTo("carol");
        assertThat(override.path("why").asText()).isEqualTo("T42: schema checked by hand");
        assertThat(override.path("config_revision").asText()).isNotBlank();
        assertThat(override.path("at").asText()).endsWith("Z");
    }

    @Test
    void invalidFlagIsVisibleInStatusAndMetricsWithRoutesUnchanged() throws Exception {
        layer.set(NAV, S.flagPointer(), TextNode.valueOf("event_mystery"), "dave", "typo");
        awaitPolling("invalid flag", () -> stream(NAV).path("phase").asText().equals("INVALID"));

        assertThat(stream(NAV).path("problems").get(0).asText()).contains("'event_mystery', which is not allowed");
        assertThat(api.get("/v1/routes?job=legacy&hour=2026-11-20T05&stream=" + NAV).json().path("routes")
                .path(NAV).path("database").asText()).isEqualTo("event");
        assertThat(api.get("/metrics").text()).contains("cutover_streams{phase=\"INVALID\"} 1.0");
    }
}
