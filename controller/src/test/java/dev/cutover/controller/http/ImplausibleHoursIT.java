package dev.cutover.controller.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.cutover.controller.plan.MigrationPlan;
import dev.cutover.controller.routelog.JournalRouteLog;
import dev.cutover.controller.service.ControllerService;
import dev.cutover.streamconfig.poll.ConfigTracker;
import dev.cutover.streamconfig.poll.TrackerPolicy;
import dev.cutover.streamconfig.source.ConfigSources;
import dev.cutover.streamconfig.source.SourceOptions;
import dev.cutover.testkit.MutableClock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * F7 and F12 over real HTTP: an hour that cannot be written as YYYY-MM-DDTHH, that does not exist or that no worker
 * can have refined yet is a 400 naming it, and nothing of it is stored.
 */
class ImplausibleHoursIT {

    static final String NAV = "eventlogging_NavigationTiming";
    static final String TOKEN = "s3cret";

    @TempDir
    Path dir;
    ControllerService service;
    final MutableClock clock = MutableClock.at("2026-11-25T10:17:00Z");
    ApiClient api;

    @BeforeEach
    void start() throws Exception {
        Path config = dir.resolve("streams.json");
        Files.copy(Path.of(System.getProperty("cutover.shared.dir"), "fixtures/streamconfigs/sample.json"), config);
        ConfigTracker tracker = new ConfigTracker(ConfigSources.open(config.toString(), SourceOptions.defaults()),
                dir.resolve("config"), Clock.systemUTC(), TrackerPolicy.defaults().withPollInterval(Duration.ofMillis(200)));
        service = ControllerService.start(MigrationPlan.defaults(List.of(NAV)), tracker, Optional.empty(),
                new JournalRouteLog(dir.resolve("state")), clock,
                ControllerService.Options.loopback().withTokens(new WriteTokens(Optional.of(TOKEN), Optional.empty())));
        api = new ApiClient(service.url(), Optional.of(TOKEN));
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (api.get("/ready").status() != 200) {
            assertThat(System.nanoTime()).as("waiting for ready").isLessThan(deadline);
            service.pollNow().get();
        }
    }

    @AfterEach
    void stop() {
        service.close();
    }

    private static String refine(String hour) {
        return "[{\"action\":\"refine\",\"job\":\"legacy\",\"stream\":\"" + NAV + "\",\"hour\":\"" + hour + "\","
                + "\"epoch\":1,\"database\":\"event\",\"status\":\"OK\",\"rows\":3,\"checksum\":\"c\"}]";
    }

    /** The problems of a 400 (one problem is the error itself, several are listed). */
    private static List<String> problems(ApiClient.Response response) {
        List<String> problems = new ArrayList<>();
        response.json().path("problems").forEach(p -> problems.add(p.asText()));
        if (problems.isEmpty()) {
            problems.add(response.json().path("error").asText());
        }
        return problems;
    }

    @Test
    void aReportForHourPlus999999999IsRefusedWith400ListingItAndTheStreamStaysReconcilable() throws Exception {
        ApiClient.Response refused = api.post("/v1/reports", refine("+999999999-12-31T21"));

        assertThat(refused.status()).isEqualTo(400);
        assertThat(problems(refused)).singleElement().asString()
                .startsWith("report 0: ").contains("'+999999999-12-31T21'", "YYYY-MM-DDTHH");
        service.idle().get();
        JsonNode nav = api.get("/v1/streams/" + NAV).json();
        assertThat(nav.path("phase").asText()).isEqualTo("SHADOW");
        assertThat(api.get("/v1/work?job=legacy").status()).isEqualTo(200);
    }

    @Test
    void reportsForHoursBefore1970OrAfterTheNextHourAreRefusedWith400ListingThem() throws Exception {
        ApiClient.Response early = api.post("/v1/reports", refine("1969-12-31T23"));
        ApiClient.Response late = api.post("/v1/reports", refine("2026-11-25T12"));

        assertThat(early.status()).isEqualTo(400);
        assertThat(problems(early)).singleElement().asString().contains("1969-12-31T23", "1970-01-01T00");
        assertThat(late.status()).isEqualTo(400);
        assertThat(problems(late)).singleElement().asString().contains("2026-11-25T12", "2026-11-25T11");
        assertThat(api.post("/v1/reports", refine("2026-11-25T11")).status()).as("the next hour").isEqualTo(202);
    }

    @Test
    void routesForAnHourThatDoesNotExistAre400NotAnotherHoursRoutes() {
        for (String hour : List.of("2026-02-30T05", "2026-11-23T24")) {
            ApiClient.Response response = api.get("/v1/routes?job=legacy&hour=" + hour);

            assertThat(response.status()).as(hour).isEqualTo(400);
            assertThat(response.json().path("error").asText()).contains("'" + hour + "'", "does not exist");
        }
        ApiClient.Response reportOfNoHour = api.post("/v1/reports", refine("2026-02-30T05"));
        assertThat(reportOfNoHour.status()).isEqualTo(400);
        assertThat(problems(reportOfNoHour)).singleElement().asString().contains("2026-02-30T05");
    }
}
