package dev.cutover.controller.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.cutover.controller.plan.MigrationPlan;
import dev.cutover.controller.routelog.JournalRouteLog;
import dev.cutover.controller.service.ControllerService;
import dev.cutover.protocol.Hour;
import dev.cutover.streamconfig.poll.ConfigTracker;
import dev.cutover.streamconfig.poll.TrackerPolicy;
import dev.cutover.streamconfig.source.ConfigSources;
import dev.cutover.streamconfig.source.SourceOptions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Least privilege over real HTTP: workers may report; operators may override, decommission and accept (and report).
 * A controller without an operator token refuses operator requests, whatever token they carry.
 */
class WriteTokensIT {

    static final String NAV = "eventlogging_NavigationTiming";
    static final String WORKER = "w0rker-token";
    static final String OPERATOR = "0perator-token";
    static final Hour H0 = Hour.parse("2026-11-20T00");
    static final Map<String, String> REQUEST = Map.of("who", "carol", "why", "T42");

    @TempDir
    Path dir;
    ControllerService service;

    private void start(WriteTokens tokens) throws Exception {
        Path config = dir.resolve("streams.json");
        Files.copy(Path.of(System.getProperty("cutover.shared.dir"), "fixtures/streamconfigs/sample.json"), config);
        ConfigTracker tracker = new ConfigTracker(ConfigSources.open(config.toString(), SourceOptions.defaults()),
                dir.resolve("config"), Clock.systemUTC(), TrackerPolicy.defaults().withPollInterval(Duration.ofMillis(200)));
        service = ControllerService.start(MigrationPlan.defaults(List.of(NAV)), tracker, Optional.empty(),
                new JournalRouteLog(dir.resolve("state")), Clock.systemUTC(),
                ControllerService.Options.loopback().withTokens(tokens));
        ApiClient reader = client(Optional.empty());
        await("ready").atMost(Duration.ofSeconds(20)).pollInSameThread().until(() -> {
            service.pollNow().get();
            return reader.get("/ready").status() == 200;
        });
    }

    @AfterEach
    void stop() {
        if (service != null) {
            service.close();
        }
    }

    private ApiClient client(Optional<String> token) {
        return new ApiClient(service.url(), token);
    }

    private static String report(int hour) {
        return "{\"action\":\"refine\",\"job\":\"legacy\",\"stream\":\"" + NAV + "\",\"hour\":\"" + H0.plusHours(hour)
                + "\",\"epoch\":1,\"database\":\"event\",\"status\":\"OK\",\"rows\":3,\"checksum\":\"c\"}";
    }

    @Test
    void aWorkerTokenReportsButMayNotOverrideDecommissionOrAccept() throws Exception {
        start(new WriteTokens(Optional.of(WORKER), Optional.of(OPERATOR)));
        ApiClient worker = client(Optional.of(WORKER));

        assertThat(worker.post("/v1/reports", report(0)).status()).isEqualTo(202);
        for (String path : List.of("/v1/streams/" + NAV + "/override", "/v1/streams/" + NAV + "/decommission")) {
            ApiClient.Response refused = worker.post(path, REQUEST);
            assertThat(refused.status()).as(path).isEqualTo(403);
            assertThat(refused.json().path("error").asText()).contains("worker token", "operator token");
        }
        assertThat(worker.post("/v1/override-layer/accept", Map.of("revision", 1, "who", "carol", "why", "T1"))
                .status()).isEqualTo(403);
        service.idle().get();
        assertThat(service.view().audit().since(0, 10_000)).extracting(e -> e.who()).doesNotContain("carol");
    }

    @Test
    void anOperatorTokenMayRequestAndReport() throws Exception {
        start(new WriteTokens(Optional.of(WORKER), Optional.of(OPERATOR)));
        ApiClient operator = client(Optional.of(OPERATOR));

        assertThat(operator.post("/v1/reports", report(1)).status()).isEqualTo(202);
        ApiClient.Response override = operator.post("/v1/streams/" + NAV + "/override", REQUEST);
        assertThat(override.status()).as("past the token: refused by the phase").isEqualTo(409);
    }

    @Test
    void noTokenOrAnUnknownTokenIs401OnEveryWrite() throws Exception {
        start(new WriteTokens(Optional.of(WORKER), Optional.of(OPERATOR)));

        for (Optional<String> token : List.of(Optional.<String>empty(), Optional.of("guess"))) {
            ApiClient client = client(token);
            assertThat(client.post("/v1/reports", report(0)).status()).isEqualTo(401);
            ApiClient.Response override = client.post("/v1/streams/" + NAV + "/override", REQUEST);
            assertThat(override.status()).isEqualTo(401);
            assertThat(override.json().path("error").asText()).contains("operator token");
        }
    }

    @Test
    void withoutAnOperatorTokenOperatorRequestsAreRefusedSayingHowToEnableThem() throws Exception {
        start(new WriteTokens(Optional.of(WORKER), Optional.empty()));

        assertThat(client(Optional.of(WORKER)).post("/v1/reports", report(0)).status()).isEqualTo(202);
        for (Optional<String> token : List.of(Optional.of(WORKER), Optional.<String>empty())) {
            ApiClient.Response refused = client(token).post("/v1/streams/" + NAV + "/override", REQUEST);
            assertThat(refused.status()).isEqualTo(403);
            assertThat(refused.json().path("error").asText())
                    .contains("--operator-token-file", "CUTOVER_OPERATOR_TOKEN_FILE");
        }
    }
}
