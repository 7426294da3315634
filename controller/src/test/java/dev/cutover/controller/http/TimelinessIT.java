package dev.cutover.controller.http;

import com.fasterxml.jackson.databind.JsonNode;
import dev.cutover.controller.plan.MigrationPlan;
import dev.cutover.controller.plan.TimelinessPolicy;
import dev.cutover.controller.routelog.JournalRouteLog;
import dev.cutover.controller.service.ControllerService;
import dev.cutover.protocol.Hour;
import dev.cutover.protocol.Verdict;
import dev.cutover.protocol.api.Responses;
import dev.cutover.streamconfig.poll.ConfigTracker;
import dev.cutover.streamconfig.poll.TrackerPolicy;
import dev.cutover.streamconfig.source.ConfigSources;
import dev.cutover.streamconfig.source.SourceOptions;
import dev.cutover.testkit.MutableClock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Timeliness on a running controller: landing times (the controller's clock when it received each job's first
 * commit of an hour) and LATE hours in {@code GET /v1/streams/{stream}} and {@code GET /v1/streams}, and each
 * landing's lag in {@code cutover_landing_lag_seconds{job}} on {@code /metrics}.
 */
class TimelinessIT {

    static final String NAV = "eventlogging_NavigationTiming";
    static final Hour H0 = Hour.parse("2026-11-20T07");

    @TempDir
    Path dir;
    ControllerService service;
    /** The controller's clock: when it receives a report is when that report's commit landed. */
    final MutableClock clock = new MutableClock(H0.endInstant().plus(Duration.ofMinutes(10)));
    ApiClient api;
    FakeWorker worker;

    @BeforeEach
    void start() throws Exception {
        Path config = dir.resolve("streams.json");
        Files.copy(Path.of(System.getProperty("cutover.shared.dir"), "fixtures/streamconfigs/sample.json"), config);
        ConfigTracker tracker = new ConfigTracker(ConfigSources.open(config.toString(), SourceOptions.defaults()),
                dir.resolve("config"), Clock.systemUTC(),
                TrackerPolicy.defaults().withPollInterval(Duration.ofMillis(200)));
        MigrationPlan plan = MigrationPlan.defaults(List.of(NAV)).withAutomation(false, 0, Duration.ofHours(1))
                .withTimeliness(new TimelinessPolicy(Optional.of(Duration.ofMinutes(30)),
                        Optional.of(Duration.ofHours(3)), Optional.empty(), 24));
        service = ControllerService.start(plan, tracker, Optional.empty(), new JournalRouteLog(dir.resolve("state")),
                clock, ControllerService.Options.loopback());
        api = new ApiClient(service.url(), Optional.empty());
        worker = new FakeWorker(api.base(), Optional.empty(), (stream, hour) -> Verdict.PASS);
        await("ready").atMost(Duration.ofSeconds(20)).pollInSameThread().until(() -> {
            service.pollNow().get();
            return api.get("/ready").status() == 200;
        });
    }

    @AfterEach
    void stop() {
        service.close();
    }

    @Test
    void landingsLateHoursAndLandingLagsAreVisible() throws Exception {
        worker.refine("legacy", NAV, H0);
        clock.advance(Duration.ofMinutes(41));
        worker.refine("airflow", NAV, H0);
        clock.advance(Duration.ofMinutes(5));
        worker.refine("legacy", NAV, H0.next());
        worker.refine("airflow", NAV, H0.next());
        clock.advance(Duration.ofHours(2));
        worker.refine("airflow", NAV, H0);
        service.idle().get();

        JsonNode landings = api.get("/v1/streams/" + NAV).json().path("landings");
        assertThat(landings).hasSize(2);
        assertThat(landings.get(0).path("hour").asText()).isEqualTo(H0.toString());
        assertThat(landings.get(0).path("landed").path("legacy").asText()).isEqualTo("2026-11-20T08:10:00Z");
        assertThat(landings.get(0).path("landed").path("airflow").asText())
                .as("the rerun two hours later keeps the first landing").isEqualTo("2026-11-20T08:51:00Z");
        assertThat(landings.get(0).path("late").asText())
                .isEqualTo("airflow landed 2026-11-20T08:51:00Z, 41 min after legacy (margin 30m)");
        assertThat(landings.get(1).path("landed").size()).isEqualTo(2);
        assertThat(landings.get(1).has("late")).as("on time: no late key").isFalse();

        Responses.StreamDetail detail = worker.client().stream(NAV);
        assertThat(detail.landings()).extracting(Responses.LandingView::hour).containsExactly(H0, H0.next());
        assertThat(detail.tooSlow()).isNull();
        assertThat(worker.client().streams().streams()).filteredOn(s -> s.stream().equals(NAV)).singleElement()
                .satisfies(s -> assertThat(s.lateHours()).containsExactly(H0));

        String metrics = api.get("/metrics").text();
        assertThat(metrics)
                .as("one landing per job and hour, the rerun is none: legacy 10 min and 0 (before its hour ended),"
                        + " airflow 51 min and 0")
                .contains("cutover_landing_lag_seconds_count{job=\"legacy\"} 2")
                .contains("cutover_landing_lag_seconds_count{job=\"airflow\"} 2")
                .contains("cutover_landing_lag_seconds_bucket{job=\"legacy\",le=\"900.0\"} 2")
                .contains("cutover_landing_lag_seconds_bucket{job=\"airflow\",le=\"1800.0\"} 1")
                .contains("cutover_landing_lag_seconds_bucket{job=\"airflow\",le=\"3600.0\"} 2");
    }
}
