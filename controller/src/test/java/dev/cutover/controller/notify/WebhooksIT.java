package dev.cutover.controller.notify;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.TextNode;
import dev.cutover.controller.http.ApiClient;
import dev.cutover.controller.http.FakeWorker;
import dev.cutover.controller.plan.CanaryPolicy;
import dev.cutover.controller.plan.MigrationPlan;
import dev.cutover.controller.routelog.JournalRouteLog;
import dev.cutover.controller.service.ControllerService;
import dev.cutover.protocol.Hour;
import dev.cutover.protocol.Verdict;
import dev.cutover.streamconfig.CutoverSettings;
import dev.cutover.streamconfig.poll.ConfigTracker;
import dev.cutover.streamconfig.poll.TrackerPolicy;
import dev.cutover.streamconfig.source.ConfigSources;
import dev.cutover.streamconfig.source.LayeredConfigSource;
import dev.cutover.streamconfig.source.OverrideLayer;
import dev.cutover.streamconfig.source.SourceOptions;
import dev.cutover.testkit.MutableClock;
import org.junit.jupiter.api.AfterEach;
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
import java.util.function.Function;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Webhooks from a running controller (real file config source and override layer, fake worker) to real receivers on
 * loopback: Slack JSON for a phase change and a hold, every event delivered exactly once by a receiver that fails
 * twice before it recovers, reconciliation going on while a receiver hangs, and the generic JSON format.
 */
class WebhooksIT {

    static final String NAV = "eventlogging_NavigationTiming";
    static final String DELETE = "mediawiki.page-delete";
    static final Hour H0 = Hour.parse("2026-11-20T00");
    static final CutoverSettings S = CutoverSettings.DEFAULTS;
    static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;
    final List<AutoCloseable> open = new ArrayList<>();
    ControllerService service;
    OverrideLayer layer;
    ApiClient api;
    FakeWorker worker;

    /** Fast retries (50 ms, doubling to 200 ms), 500 ms request timeout, the state compared every 50 ms. */
    static WebhookSettings fast(WebhookSettings.Format format, LoopbackReceiver... receivers) {
        return WebhookSettings.of(java.util.Arrays.stream(receivers).map(LoopbackReceiver::url).toList(), format)
                .withRetries(Duration.ofMillis(50), Duration.ofMillis(200), 4).withTimeout(Duration.ofMillis(500))
                .withInterval(Duration.ofMillis(50));
    }

    LoopbackReceiver receiver(LoopbackReceiver receiver) {
        open.add(receiver);
        return receiver;
    }

    void start(WebhookSettings webhooks) throws Exception {
        Path config = dir.resolve("streams.json");
        Files.copy(Path.of(System.getProperty("cutover.shared.dir"), "fixtures/streamconfigs/sample.json"), config);
        layer = OverrideLayer.open(dir.resolve("overrides.json"), Clock.systemUTC());
        ConfigTracker tracker = new ConfigTracker(new LayeredConfigSource(
                ConfigSources.open(config.toString(), SourceOptions.defaults()), layer), dir.resolve("config"),
                Clock.systemUTC(), TrackerPolicy.defaults().withPollInterval(Duration.ofMillis(200)));
        MigrationPlan plan = MigrationPlan.defaults(List.of(NAV, DELETE))
                .withCanary(new CanaryPolicy(2, 24, CanaryPolicy.KNOWN_CHECKS))
                .withAutomation(true, 0, Duration.ofHours(1));
        service = ControllerService.start(plan, tracker, Optional.of(layer), new JournalRouteLog(dir.resolve("state")),
                new MutableClock(Clock.systemUTC().instant()), ControllerService.Options.loopback()
                        .withWebhooks(webhooks));
        open.add(0, service);
        api = new ApiClient(service.url(), Optional.empty());
        worker = new FakeWorker(api.base(), Optional.empty(),
                (stream, hour) -> stream.equals(DELETE) ? Verdict.FAIL : Verdict.PASS);
        awaitPolling("ready", () -> api.get("/ready").status() == 200);
    }

    @AfterEach
    void stop() throws Exception {
        for (AutoCloseable c : open) {
            c.close();
        }
    }

    private void awaitPolling(String what, Callable<Boolean> condition) {
        await(what).atMost(Duration.ofSeconds(20)).pollInSameThread().until(() -> {
            service.pollNow().get();
            return condition.call();
        });
    }

    private String phase(String stream) {
        return api.get("/v1/streams/" + stream).json().path("phase").asText();
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

    private static JsonNode json(LoopbackReceiver.Request request) {
        try {
            return JSON.readTree(request.body());
        } catch (java.io.IOException e) {
            throw new AssertionError(e);
        }
    }

    /** The texts of the Slack bodies delivered so far. */
    private static List<String> texts(LoopbackReceiver receiver) {
        return receiver.delivered().stream().map(r -> json(r).path("text").asText()).toList();
    }

    @Test
    void aPhaseChangeAndAHoldArriveAsSlackJson() throws Exception {
        LoopbackReceiver slack = receiver(LoopbackReceiver.healthy());
        start(fast(WebhookSettings.Format.SLACK, slack));

        layer.set(DELETE, S.flagPointer(), TextNode.valueOf("event"), "bob", "try it");
        awaitPolling("blocked preflight", () -> phase(DELETE).equals("BLOCKED"));

        await("the phase change and the hold").atMost(Duration.ofSeconds(20)).untilAsserted(() ->
                assertThat(texts(slack)).hasSize(2));
        List<LoopbackReceiver.Request> got = slack.delivered();
        assertThat(texts(slack).get(0)).startsWith(":arrow_right: *PHASE_CHANGED* `" + DELETE + "`: SHADOW \u2192"
                + " PREFLIGHT by controller");
        assertThat(texts(slack).get(1)).startsWith(":warning: *HOLD* `" + DELETE + "`: PREFLIGHT \u2192 BLOCKED")
                .contains("canary evidence insufficient");
        assertThat(got).allSatisfy(r -> {
            assertThat(r.eventId()).matches("audit-[0-9]+");
            assertThat(r.contentType()).startsWith("application/json");
            assertThat(json(r).fieldNames()).toIterable().containsExactly("text");
        });
        assertThat(api.get("/metrics").text())
                .contains("cutover_webhook_deliveries_total{outcome=\"delivered\"} 2.0")
                .contains("cutover_webhook_queue 0.0");
    }

    @Test
    void aReceiverThatFailsTwiceThenRecoversGetsEveryEventExactlyOnce() throws Exception {
        LoopbackReceiver flaky = receiver(LoopbackReceiver.failingFirst(2));
        start(fast(WebhookSettings.Format.JSON, flaky));

        hour(0, NAV, DELETE);
        hour(1, NAV, DELETE);
        awaitPolling("auto-promotion", () -> phase(NAV).equals("CUTOVER"));

        await("the FAIL hours, the auto-promotion and the phase change").atMost(Duration.ofSeconds(20))
                .untilAsserted(() -> assertThat(flaky.delivered().stream().map(r -> json(r).path("kind").asText()))
                        .contains("VERDICT_FAIL", "AUTO_PROMOTED", "PHASE_CHANGED"));
        await("nothing waiting").atMost(Duration.ofSeconds(20)).untilAsserted(() ->
                assertThat(api.get("/metrics").text()).contains("cutover_webhook_queue 0.0"));
        List<LoopbackReceiver.Request> requests = flaky.requests();
        List<LoopbackReceiver.Request> delivered = requests.stream().filter(r -> r.status() == 200).toList();
        Map<String, Long> deliveredPerId = delivered.stream().collect(Collectors.groupingBy(
                LoopbackReceiver.Request::eventId, Collectors.counting()));
        Map<String, Long> attemptsPerId = requests.stream().filter(r -> deliveredPerId.containsKey(r.eventId()))
                .collect(Collectors.groupingBy(LoopbackReceiver.Request::eventId, Collectors.counting()));
        assertThat(deliveredPerId).as("each event delivered once").allSatisfy((id, n) -> assertThat(n).isEqualTo(1));
        assertThat(attemptsPerId).as("after two 500s").allSatisfy((id, n) -> assertThat(n).isEqualTo(3));
        assertThat(deliveredPerId.keySet()).contains(DELETE + "|" + H0 + "|FAIL", DELETE + "|" + H0.plusHours(1)
                + "|FAIL");
        assertThat(delivered).allSatisfy(r -> assertThat(json(r).path("id").asText()).isEqualTo(r.eventId()));
        String metrics = api.get("/metrics").text();
        double deliveredCount = sample(metrics, "cutover_webhook_deliveries_total{outcome=\"delivered\"}");
        assertThat(deliveredCount).isGreaterThanOrEqualTo(delivered.size());
        assertThat(sample(metrics, "cutover_webhook_deliveries_total{outcome=\"retried\"}"))
                .isGreaterThanOrEqualTo(2 * deliveredCount);
        assertThat(metrics).doesNotContain("outcome=\"dropped\"");
    }

    private static double sample(String exposition, String name) {
        return exposition.lines().filter(l -> l.startsWith(name + " ")).mapToDouble(l -> Double.parseDouble(
                l.substring(name.length() + 1))).findFirst().orElse(0);
    }

    @Test
    void aHangingReceiverHoldsUpNeitherReconciliationNorTheOtherReceiver() throws Exception {
        LoopbackReceiver hanging = receiver(LoopbackReceiver.hanging());
        LoopbackReceiver healthy = receiver(LoopbackReceiver.healthy());
        start(fast(WebhookSettings.Format.SLACK, hanging, healthy));

        layer.set(DELETE, S.flagPointer(), TextNode.valueOf("event"), "bob", "try it");
        awaitPolling("blocked preflight", () -> phase(DELETE).equals("BLOCKED"));
        await("a request hanging").atMost(Duration.ofSeconds(20)).until(() -> !hanging.requests().isEmpty());

        hour(0, NAV, DELETE);
        hour(1, NAV, DELETE);
        awaitPolling("auto-promotion while a receiver hangs", () -> phase(NAV).equals("CUTOVER"));
        assertThat(api.get("/healthy").status()).isEqualTo(200);
        await("the healthy receiver's notifications").atMost(Duration.ofSeconds(20)).untilAsserted(() ->
                assertThat(texts(healthy)).anySatisfy(t -> assertThat(t).contains("*AUTO_PROMOTED*", NAV)));
        await("the hanging receiver's requests time out and are retried, then dropped").atMost(Duration.ofSeconds(20))
                .untilAsserted(() -> assertThat(api.get("/metrics").text())
                        .contains("cutover_webhook_deliveries_total{outcome=\"dropped\"}"));
        Function<LoopbackReceiver.Request, String> id = LoopbackReceiver.Request::eventId;
        assertThat(hanging.requests().stream().map(id).distinct()).as("tried again after each timeout")
                .hasSizeLessThan(hanging.requests().size());
    }

    @Test
    void theGenericFormatCarriesTheNotificationsFields() throws Exception {
        LoopbackReceiver generic = receiver(LoopbackReceiver.healthy());
        start(fast(WebhookSettings.Format.JSON, generic));

        layer.set(NAV, S.flagPointer(), TextNode.valueOf("event_mystery"), "dave", "typo");
        awaitPolling("invalid flag", () -> phase(NAV).equals("INVALID"));

        await("the hold").atMost(Duration.ofSeconds(20)).until(() -> !generic.delivered().isEmpty());
        LoopbackReceiver.Request request = generic.delivered().get(0);
        JsonNode body = json(request);
        assertThat(body.path("id").asText()).isEqualTo(request.eventId()).matches("audit-[0-9]+");
        assertThat(body.path("kind").asText()).isEqualTo("HOLD");
        assertThat(body.path("stream").asText()).isEqualTo(NAV);
        assertThat(body.path("phase").asText()).isEqualTo("INVALID");
        assertThat(body.path("hour").isNull()).isTrue();
        assertThat(body.path("text").asText()).startsWith(NAV + ": SHADOW -> INVALID").contains("'event_mystery'");
        assertThat(body.path("at").asText()).endsWith("Z");
        assertThat(body.path("controller").asText()).isNotBlank();
        assertThat(generic.delivered()).hasSize(1);
    }
}
