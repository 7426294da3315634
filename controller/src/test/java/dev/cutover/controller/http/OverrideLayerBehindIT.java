package dev.cutover.controller.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.TextNode;
import dev.cutover.controller.plan.CanaryPolicy;
import dev.cutover.controller.plan.MigrationPlan;
import dev.cutover.controller.routelog.JournalRouteLog;
import dev.cutover.controller.service.ControllerService;
import dev.cutover.controller.service.FlagWriter;
import dev.cutover.protocol.Hour;
import dev.cutover.protocol.Verdict;
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
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A controller restarted on an override layer that went backwards (deleted, or replaced by an older copy, as a new
 * replica with its own empty file sees it) holds the config instead of rolling back a promoted stream: real HTTP
 * server, file config source, override layer and journal; restarts reuse the state directory.
 */
class OverrideLayerBehindIT {

    static final String NAV = "eventlogging_NavigationTiming";
    static final String WORKER_TOKEN = "w0rker";
    static final String TOKEN = "s3cret";
    static final Hour H0 = Hour.parse("2026-11-20T00");
    static final CutoverSettings S = CutoverSettings.DEFAULTS;

    @TempDir
    Path dir;
    Path overrides;
    ControllerService service;
    ApiClient api;
    FakeWorker worker;

    @BeforeEach
    void promoteNavigationTiming() throws Exception {
        Files.copy(Path.of(System.getProperty("cutover.shared.dir"), "fixtures/streamconfigs/sample.json"),
                dir.resolve("streams.json"));
        overrides = dir.resolve("overrides.json");
        start();
        OverrideLayer.open(overrides, Clock.systemUTC()).set(NAV,
                com.fasterxml.jackson.core.JsonPointer.compile("/cutover_test_note"), TextNode.valueOf("kept"),
                "alice", "T1: an unrelated setting");
        awaitPolling("revision 1 recorded", () -> api.get("/v1/events?since=0").json().path("events")
                .findValuesAsText("what").contains("override layer revision 1 applied"));
        // The event is recorded when the snapshot is applied, before the streams it adds are reconciled.
        awaitPolling("NavigationTiming managed", () -> api.get("/v1/epochs?stream=" + NAV).status() == 200);
        Files.copy(overrides, dir.resolve("overrides.r1.json"));
        for (int h = 0; h < 2; h++) {
            hour(h);
        }
        awaitPolling("auto-promotion (override layer revision 2)", () -> phase().equals("CUTOVER"));
        hour(2);
        awaitPolling("rerun of the cutover hour", () -> phase().equals("PROMOTED"));
        assertThat(OverrideLayer.open(overrides, Clock.systemUTC()).revision()).isEqualTo(2);
    }

    @AfterEach
    void stop() {
        if (service != null) {
            service.close();
        }
    }

    private void start() {
        OverrideLayer layer = OverrideLayer.open(overrides, Clock.systemUTC());
        ConfigTracker tracker = new ConfigTracker(new LayeredConfigSource(ConfigSources.open(
                dir.resolve("streams.json").toString(), SourceOptions.defaults()), layer), dir.resolve("config"),
                Clock.systemUTC(), TrackerPolicy.defaults().withPollInterval(Duration.ofMillis(200)));
        MigrationPlan plan = MigrationPlan.defaults(List.of(NAV))
                .withCanary(new CanaryPolicy(2, 24, CanaryPolicy.KNOWN_CHECKS))
                .withAutomation(true, 0, Duration.ofHours(1));
        service = ControllerService.start(plan, tracker, Optional.of(layer), new JournalRouteLog(dir.resolve("state")), Clock.systemUTC(),
                ControllerService.Options.loopback()
                        .withTokens(new WriteTokens(Optional.of(WORKER_TOKEN), Optional.of(TOKEN))));
        api = new ApiClient(service.url(), Optional.of(TOKEN));
        worker = new FakeWorker(api.base(), Optional.of(WORKER_TOKEN), (stream, hour) -> Verdict.PASS);
    }

    private void restart() {
        service.close();
        service = null;
        start();
    }

    /** Polls the config now, as the poller would, until {@code condition} holds ({@code what} names it). */
    private void awaitPolling(String what, Callable<Boolean> condition) {
        await(what).atMost(Duration.ofSeconds(20)).pollInSameThread().until(() -> {
            service.pollNow().get();
            return condition.call();
        });
    }

    /** A few polls and full reconciles, as the poller and the resync timer would do them. */
    private void pollAndResync() throws Exception {
        for (int i = 0; i < 3; i++) {
            service.pollNow().get();
            service.loop().post(new dev.cutover.controller.core.Event.ResyncDue());
            service.idle().get();
        }
    }

    private void hour(int n) throws Exception {
        for (String job : S.jobs()) {
            worker.refine(job, NAV, H0.plusHours(n));
        }
        service.idle().get();
        worker.drain(S.jobs());
        service.idle().get();
    }

    private String phase() {
        return api.get("/v1/streams/" + NAV).json().path("phase").asText();
    }

    /** What workers and operators see of the stream's routing. */
    private Map<String, JsonNode> routing() {
        Map<String, JsonNode> seen = new LinkedHashMap<>();
        for (int h = 0; h <= 5; h++) {
            for (String job : S.jobs()) {
                String path = "/v1/routes?job=" + job + "&hour=" + H0.plusHours(h);
                seen.put(path, api.get(path).json());
            }
        }
        JsonNode stream = api.get("/v1/streams/" + NAV).json();
        for (String field : List.of("phase", "leader", "epoch", "cutover_hour", "routes")) {
            seen.put(field, stream.path(field));
        }
        seen.put("work-legacy", api.get("/v1/work?job=legacy").json());
        seen.put("work-airflow", api.get("/v1/work?job=airflow").json());
        seen.put("epochs", api.get("/v1/epochs?stream=" + NAV).json());
        return seen;
    }

    @Test
    void anOlderCopyOfTheOverrideLayerIsHeldUntilTheFileIsRestored() throws Exception {
        Map<String, JsonNode> before = routing();
        Path current = dir.resolve("overrides.r2.json");
        Files.copy(overrides, current);
        Files.copy(dir.resolve("overrides.r1.json"), overrides, StandardCopyOption.REPLACE_EXISTING);

        restart();
        awaitPolling("the hold is visible", () -> api.get("/ready").json().has("problems"));
        pollAndResync();

        assertThat(routing()).as("nothing rolled back").isEqualTo(before);
        assertThat(phase()).isEqualTo("PROMOTED");
        JsonNode ready = api.get("/ready").json();
        assertThat(ready.path("problems").get(0).asText()).contains(overrides.toString(), "it is at revision 1",
                "revision 2", "--override-file", "/v1/override-layer/accept");
        assertThat(api.get("/v1/streams").json().path("problems").get(0).asText()).contains("went backwards");
        assertThat(api.get("/v1/streams/" + NAV).json().path("problems").get(0).asText()).contains("went backwards");
        assertThat(api.get("/metrics").text()).contains("cutover_override_layer_held 1.0")
                .contains("cutover_config_source_state{state=\"STALE\"} 1.0");
        assertThat(OverrideLayer.open(overrides, Clock.systemUTC()).revision()).as("nothing was written to it")
                .isEqualTo(1);

        Files.copy(current, overrides, StandardCopyOption.REPLACE_EXISTING);
        awaitPolling("the hold to clear", () -> !api.get("/ready").json().has("problems"));
        assertThat(api.get("/metrics").text()).contains("cutover_override_layer_held 0.0")
                .contains("cutover_config_source_state{state=\"READY\"} 1.0");
        assertThat(routing()).isEqualTo(before);

        OverrideLayer.open(overrides, Clock.systemUTC()).revert(NAV, S.flagPointer(), "bob", "T2: roll back");
        awaitPolling("a rollback somebody asked for proceeds as usual", () -> phase().equals("ROLLING_BACK"));
    }

    @Test
    void aControllerWithoutItsOverrideFileOrSavedConfigHoldsAndAnAuditedAcceptLetsItProceed() throws Exception {
        Map<String, JsonNode> before = routing();
        Files.delete(overrides);
        service.close();
        service = null;
        deleteTree(dir.resolve("config"));
        start();
        awaitPolling("the hold is visible", () -> api.get("/ready").json().has("problems"));
        pollAndResync();

        assertThat(api.get("/ready").status()).as("no usable config").isEqualTo(503);
        assertThat(api.get("/ready").json().path("problems").get(0).asText())
                .contains(overrides + " went backwards: it is missing", "revision 2", "\"revision\": 0");
        assertThat(routing()).as("routes are served unchanged").isEqualTo(before);
        assertThat(Files.exists(overrides)).as("nothing was written to the layer").isFalse();

        assertThat(api.post("/v1/override-layer/accept", Map.of("revision", 0)).status()).as("a reason is required")
                .isEqualTo(400);
        ApiClient.Response wrong = api.post("/v1/override-layer/accept",
                Map.of("revision", 1, "who", "erin", "why", "T3"));
        assertThat(wrong.status()).isEqualTo(400);
        assertThat(wrong.json().path("error").asText()).contains("revision 0, not 1");
        assertThat(new ApiClient(service.url(), Optional.empty()).post("/v1/override-layer/accept",
                Map.of("revision", 0, "who", "erin", "why", "T3")).status()).as("token").isEqualTo(401);

        assertThat(api.post("/v1/override-layer/accept",
                Map.of("revision", 0, "who", "erin", "why", "T3: layer reset on purpose")).status()).isEqualTo(202);
        List<JsonNode> acceptances = new java.util.ArrayList<>();
        api.get("/v1/events?since=0").json().path("events").forEach(e -> {
            if (e.path("override_accepted").asBoolean()) {
                acceptances.add(e);
            }
        });
        assertThat(acceptances).hasSize(1);
        JsonNode accepted = acceptances.get(0);
        assertThat(accepted.path("what").asText()).contains(overrides.toString(), "accepted at revision 0",
                "revision 2 was applied before");
        assertThat(accepted.path("who").asText()).isEqualTo("erin");
        assertThat(accepted.path("why").asText()).isEqualTo("T3: layer reset on purpose");
        assertThat(accepted.path("override_accepted").asBoolean()).isTrue();
        assertThat(accepted.path("override_revision").asLong()).isZero();
        awaitPolling("the accepted layer applies: the flag is back at its base value",
                () -> phase().equals("ROLLING_BACK"));
        assertThat(api.get("/ready").json().has("problems")).isFalse();
        assertThat(api.post("/v1/override-layer/accept", Map.of("revision", 0, "who", "erin", "why", "again"))
                .status()).as("nothing left to accept").isEqualTo(409);

        restart();
        awaitPolling("the acceptance survives a restart", () -> api.get("/ready").status() == 200);
        assertThat(api.get("/ready").json().has("problems")).isFalse();
    }

    /** A managed stream nobody promoted. */
    static final String CREATE = "mediawiki.page-create";

    record Run(int code, String out, String err) {
    }

    /** Runs a CLI command in-process, as {@code ./cutover ...} would (see {@code CliIT}). */
    private static synchronized Run cli(String... args) {
        java.io.PrintStream out = System.out;
        java.io.PrintStream err = System.err;
        java.io.ByteArrayOutputStream o = new java.io.ByteArrayOutputStream();
        java.io.ByteArrayOutputStream e = new java.io.ByteArrayOutputStream();
        try {
            System.setOut(new java.io.PrintStream(o, true, java.nio.charset.StandardCharsets.UTF_8));
            System.setErr(new java.io.PrintStream(e, true, java.nio.charset.StandardCharsets.UTF_8));
            int code = dev.cutover.controller.cli.ControllerMain.run(args);
            return new Run(code, o.toString(java.nio.charset.StandardCharsets.UTF_8),
                    e.toString(java.nio.charset.StandardCharsets.UTF_8));
        } finally {
            System.setOut(out);
            System.setErr(err);
        }
    }

    private String firstProblem() {
        return api.get("/ready").json().path("problems").path(0).asText();
    }

    /** The older copy (revision 1, before the auto-promotion) is put back in place of the layer; held. */
    private byte[] restoreTheOlderCopy() throws Exception {
        Files.copy(overrides, dir.resolve("overrides.r2.json"));
        Files.copy(dir.resolve("overrides.r1.json"), overrides, StandardCopyOption.REPLACE_EXISTING);
        awaitPolling("the hold is visible", () -> api.get("/ready").json().has("problems"));
        assertThat(firstProblem()).contains("went backwards", "it is at revision 1");
        return Files.readAllBytes(overrides);
    }

    @Test
    void promoteRefusesToWriteIntoAnOlderCopyOfTheLayerSoTheHoldStaysAndNothingIsRolledBack() throws Exception {
        Map<String, JsonNode> before = routing();
        byte[] olderCopy = restoreTheOlderCopy();

        Run promote = cli("promote", CREATE, "--override-file", overrides.toString(), "--url", service.url(),
                "--who", "mallory", "--why", "T9: promote another stream");

        assertThat(promote.code()).as(promote.out()).isEqualTo(2);
        assertThat(promote.err()).contains(overrides.toString(), "revision 1", "revision 2", "nothing was written",
                "Restore", "accept-override-layer");
        assertThat(Files.readAllBytes(overrides)).as("nothing was written").isEqualTo(olderCopy);
        pollAndResync();
        assertThat(firstProblem()).as("the hold stays").contains("went backwards");
        JsonNode recorded = api.get("/ready").json().path("override_layer");
        assertThat(recorded.path("revision").asLong()).isEqualTo(2);
        assertThat(recorded.path("hash").asText()).startsWith("sha256:");
        assertThat(recorded.path("held").asBoolean()).isTrue();
        assertThat(routing()).as("nothing rolled back").isEqualTo(before);
        assertThat(phase()).isEqualTo("PROMOTED");

        Files.copy(dir.resolve("overrides.r2.json"), overrides, StandardCopyOption.REPLACE_EXISTING);
        awaitPolling("the hold to clear", () -> !api.get("/ready").json().has("problems"));
        Run rollback = cli("rollback", NAV, "--override-file", overrides.toString(), "--url", service.url(),
                "--who", "bob", "--why", "T10");
        assertThat(rollback.code()).as(rollback.err()).isZero();
        awaitPolling("a rollback written through the CLI proceeds as usual", () -> phase().equals("ROLLING_BACK"));
    }

    @Test
    void aWriteIntoAnOlderCopyOfTheLayerIsAForkThatStaysHeldAlthoughItsRevisionCaughtUp() throws Exception {
        Map<String, JsonNode> before = routing();
        restoreTheOlderCopy();

        // what a writer that does not ask the controller (or an older version of the CLI) does
        OverrideLayer.open(overrides, Clock.systemUTC()).set(CREATE, S.flagPointer(), TextNode.valueOf("event"),
                "mallory", "T9: promote another stream");
        assertThat(OverrideLayer.open(overrides, Clock.systemUTC()).revision()).isEqualTo(2);
        pollAndResync();

        assertThat(firstProblem()).as("same revision number, other content: still held").contains(
                overrides.toString(), "revision 2", "/v1/override-layer/accept");
        assertThat(routing()).as("nothing rolled back").isEqualTo(before);
        assertThat(phase()).isEqualTo("PROMOTED");
        assertThat(api.get("/metrics").text()).contains("cutover_override_layer_held 1.0");

        Files.copy(dir.resolve("overrides.r2.json"), overrides, StandardCopyOption.REPLACE_EXISTING);
        awaitPolling("the hold to clear", () -> !api.get("/ready").json().has("problems"));
        assertThat(routing()).isEqualTo(before);
    }

    @Test
    void aLayerWhoseHistoryWasRewrittenIsHeldAndReportedUntilItIsRestored() throws Exception {
        Map<String, JsonNode> before = routing();
        byte[] original = Files.readAllBytes(overrides);
        com.fasterxml.jackson.databind.node.ObjectNode layer = (com.fasterxml.jackson.databind.node.ObjectNode)
                new com.fasterxml.jackson.databind.ObjectMapper().readTree(original);
        ((com.fasterxml.jackson.databind.node.ObjectNode) layer.path("history").get(0)).put("who", "mallory");
        Files.write(overrides, new com.fasterxml.jackson.databind.ObjectMapper().writeValueAsBytes(layer));

        awaitPolling("the hold is visible", () -> api.get("/ready").json().has("problems"));
        pollAndResync();

        assertThat(firstProblem()).contains(overrides.toString(), "rewritten", "revision 1");
        assertThat(routing()).isEqualTo(before);
        Files.write(overrides, original);
        awaitPolling("the hold to clear", () -> !api.get("/ready").json().has("problems"));
    }

    private static void deleteTree(Path root) throws java.io.IOException {
        try (var paths = Files.walk(root)) {
            for (Path p : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }
}
