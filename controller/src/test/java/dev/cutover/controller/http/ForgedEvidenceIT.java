package dev.cutover.controller.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import com.fasterxml.jackson.databind.JsonNode;
import dev.cutover.controller.plan.CanaryPolicy;
import dev.cutover.controller.plan.MigrationPlan;
import dev.cutover.controller.routelog.JournalRouteLog;
import dev.cutover.controller.service.ControllerService;
import dev.cutover.protocol.Hour;
import dev.cutover.streamconfig.CutoverSettings;
import dev.cutover.streamconfig.poll.ConfigTracker;
import dev.cutover.streamconfig.poll.TrackerPolicy;
import dev.cutover.streamconfig.source.ConfigSources;
import dev.cutover.streamconfig.source.LayeredConfigSource;
import dev.cutover.streamconfig.source.OverrideLayer;
import dev.cutover.streamconfig.source.SourceOptions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * F6 over real HTTP, with the worker token: made-up evidence is refused with 400 listing every problem, nothing of it
 * is stored and nothing is promoted, even under a plan that promotes after two PASS hours with a writable layer.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ForgedEvidenceIT {

    static final String NAV = "eventlogging_NavigationTiming";
    static final String WORKER_TOKEN = "w0rker";
    static final CutoverSettings S = CutoverSettings.DEFAULTS;

    @TempDir
    static Path dir;
    OverrideLayer layer;
    ControllerService service;
    ApiClient worker;

    @BeforeAll
    void start() throws Exception {
        Path config = dir.resolve("streams.json");
        Files.copy(Path.of(System.getProperty("cutover.shared.dir"), "fixtures/streamconfigs/sample.json"), config);
        layer = OverrideLayer.open(dir.resolve("overrides.json"), Clock.systemUTC());
        ConfigTracker tracker = new ConfigTracker(new LayeredConfigSource(
                ConfigSources.open(config.toString(), SourceOptions.defaults()), layer), dir.resolve("config"),
                Clock.systemUTC(), TrackerPolicy.defaults().withPollInterval(Duration.ofMillis(200)));
        MigrationPlan plan = MigrationPlan.defaults(List.of(NAV))
                .withCanary(new CanaryPolicy(2, 24 * 30, CanaryPolicy.KNOWN_CHECKS))
                .withAutomation(true, 0, Duration.ofHours(1));
        service = ControllerService.start(plan, tracker, Optional.of(layer), new JournalRouteLog(dir.resolve("state")),
                Clock.systemUTC(), ControllerService.Options.loopback()
                        .withTokens(new WriteTokens(Optional.of(WORKER_TOKEN), Optional.of("0perator"))));
        worker = new ApiClient(service.url(), Optional.of(WORKER_TOKEN));
        await("ready").atMost(Duration.ofSeconds(20)).pollInSameThread().until(() -> {
            service.pollNow().get();
            return worker.get("/ready").status() == 200;
        });
    }

    @AfterAll
    void stop() {
        service.close();
    }

    static final Hour OLD = Hour.containing(Clock.systemUTC().instant().minus(Duration.ofDays(9)));

    private static String refine(String job, Hour hour, String database, String epoch, String stream) {
        return "{\"action\":\"refine\",\"job\":\"" + job + "\",\"stream\":\"" + stream + "\",\"hour\":\"" + hour + "\","
                + (epoch == null ? "" : "\"epoch\":" + epoch + ",") + "\"database\":\"" + database
                + "\",\"status\":\"OK\",\"rows\":3,\"checksum\":\"c\"}";
    }

    private static String refine(String job, Hour hour, String database) {
        return refine(job, hour, database, "1", NAV);
    }

    private static String pass(Hour hour) {
        return "{\"action\":\"compare\",\"job\":\"airflow\",\"stream\":\"" + NAV + "\",\"hour\":\"" + hour + "\","
                + "\"epoch\":1,\"database\":\"event_airflow\",\"from\":\"event\",\"status\":\"OK\","
                + "\"verdict\":\"PASS\",\"detail\":{}}";
    }

    private static List<String> problems(ApiClient.Response response) {
        List<String> problems = new ArrayList<>();
        response.json().path("problems").forEach(p -> problems.add(p.asText()));
        if (problems.isEmpty()) {
            problems.add(response.json().path("error").asText());
        }
        return problems;
    }

    private void nothingStoredNorPromoted() throws Exception {
        service.idle().get();
        service.pollNow().get();
        assertThat(service.view().observed(NAV).hours()).as("nothing stored").isEmpty();
        assertThat(service.view().reports().lastSeq()).isZero();
        JsonNode nav = worker.get("/v1/streams/" + NAV).json();
        assertThat(nav.path("phase").asText()).isEqualTo("SHADOW");
        assertThat(layer.get(NAV, S.flagPointer())).as("no flag written").isEmpty();
    }

    @Test
    void nineForgedReportsInOnePostAreRefusedListingTheProblemsAndPromoteNothing() throws Exception {
        List<String> forged = new ArrayList<>();
        for (int h = 0; h < 3; h++) {
            forged.add(refine("legacy", OLD.plusHours(h), "event"));
            forged.add(refine("airflow", OLD.plusHours(h), "event_airflow"));
            forged.add(pass(OLD.plusHours(h)));
        }

        ApiClient.Response refused = worker.post("/v1/reports", "[" + String.join(",", forged) + "]");

        assertThat(refused.status()).isEqualTo(400);
        assertThat(problems(refused)).hasSize(6)
                .anySatisfy(p -> assertThat(p).startsWith("report 2: ").contains("two commits the controller has"
                        + " recorded"))
                .anySatisfy(p -> assertThat(p).startsWith("report 8: ").contains("detail"));
        nothingStoredNorPromoted();
    }

    static Stream<Arguments> badInputs() {
        Hour h = Hour.parse("2026-11-20T00");
        return Stream.of(
                arguments("an epoch as a string", refine("legacy", h, "event", "\"7\"", NAV), "epoch"),
                arguments("a fractional epoch", refine("legacy", h, "event", "1.9", NAV), "epoch"),
                arguments("a negative epoch", refine("legacy", h, "event", "-5", NAV), "positive"),
                arguments("no epoch", refine("legacy", h, "event", null, NAV), "epoch"),
                arguments("an epoch the stream never had", refine("legacy", h, "event", "7", NAV), "newer"),
                arguments("an unmanaged stream", refine("legacy", h, "event", "1", "mediawiki.unmanaged"),
                        "not managed"),
                arguments("a database name that is no identifier", refine("legacy", h, "../../x; DROP TABLE y", "1",
                        NAV), "not a valid database name"),
                arguments("another job's database", refine("legacy", h, "event_airflow", "1", NAV), "its route is event"),
                arguments("a verdict without commits", pass(h).replace("{}", "{\"verdict\":\"PASS\"}"),
                        "two commits"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badInputs")
    void eachBadInputIsA400NamingItAndNothingIsStored(String what, String report, String problem) throws Exception {
        ApiClient.Response refused = worker.post("/v1/reports", "[" + report + "]");

        assertThat(refused.status()).isEqualTo(400);
        assertThat(problems(refused)).singleElement().asString().startsWith("report 0").contains(problem);
        nothingStoredNorPromoted();
    }
}
