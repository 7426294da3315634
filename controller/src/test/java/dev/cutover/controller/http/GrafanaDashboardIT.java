package dev.cutover.controller.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.cutover.controller.notify.LoopbackReceiver;
import dev.cutover.controller.notify.WebhookSettings;
import dev.cutover.controller.plan.MigrationPlan;
import dev.cutover.controller.routelog.JournalRouteLog;
import dev.cutover.controller.service.ControllerService;
import dev.cutover.protocol.Hour;
import dev.cutover.protocol.Verdict;
import dev.cutover.streamconfig.poll.ConfigTracker;
import dev.cutover.streamconfig.poll.TrackerPolicy;
import dev.cutover.streamconfig.source.ConfigSources;
import dev.cutover.streamconfig.source.SourceOptions;
import dev.cutover.testkit.MutableClock;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The controller chart's Grafana dashboard ({@code helm/cutover-controller/dashboards/cutover-controller.json})
 * queries only metrics a running controller exports: every {@code cutover_*} name in its panels' and variables'
 * queries has samples on {@code /metrics} once the controller has reconciled, taken reports and seen landings.
 */
class GrafanaDashboardIT {

    static final String NAV = "eventlogging_NavigationTiming";
    static final Hour H0 = Hour.parse("2026-11-20T07");
    private static final Pattern METRIC = Pattern.compile("\\bcutover_[a-z_]+\\b");

    @TempDir
    Path dir;

    static JsonNode dashboard() throws Exception {
        // the tests run in the controller module's directory; the chart is a sibling module's
        Path file = Path.of(System.getProperty("basedir", ".")).toAbsolutePath().normalize()
                .resolveSibling("helm").resolve("cutover-controller/dashboards/cutover-controller.json");
        return new ObjectMapper().readTree(file.toFile());
    }

    /** Every query of the dashboard: panel targets and templating variables. */
    static List<String> queries(JsonNode dashboard) {
        List<String> queries = new ArrayList<>();
        dashboard.path("panels").forEach(p -> p.path("targets").forEach(t -> queries.add(t.path("expr").asText())));
        dashboard.path("templating").path("list").forEach(v -> {
            if (v.path("type").asText().equals("query")) {
                queries.add(v.path("query").asText());
            }
        });
        return queries;
    }

    /** The names of the samples of a Prometheus text exposition. */
    static Set<String> samples(String exposition) {
        Set<String> names = new TreeSet<>();
        exposition.lines().filter(l -> !l.startsWith("#") && !l.isBlank()).forEach(l -> names.add(l.split("[{ ]", 2)[0]));
        return names;
    }

    @Test
    void everyMetricTheDashboardQueriesIsExportedByARunningController() throws Exception {
        JsonNode dashboard = dashboard();
        assertThat(dashboard.path("panels")).allSatisfy(p -> assertThat(p.path("targets")).isNotEmpty());
        Set<String> queried = new TreeSet<>();
        for (String query : queries(dashboard)) {
            Matcher m = METRIC.matcher(query);
            boolean any = false;
            while (m.find()) {
                queried.add(m.group());
                any = true;
            }
            assertThat(any).as("a query that reads no cutover metric: " + query).isTrue();
        }

        Path config = dir.resolve("streams.json");
        Files.copy(Path.of(System.getProperty("cutover.shared.dir"), "fixtures/streamconfigs/sample.json"), config);
        ConfigTracker tracker = new ConfigTracker(ConfigSources.open(config.toString(), SourceOptions.defaults()),
                dir.resolve("config"), Clock.systemUTC(), TrackerPolicy.defaults().withPollInterval(Duration.ofMillis(200)));
        MutableClock clock = new MutableClock(H0.endInstant().plus(Duration.ofMinutes(10)));
        // a webhook receiver, so the webhook metrics exist; the hour FAILs, which is a notification
        try (LoopbackReceiver receiver = LoopbackReceiver.healthy();
             ControllerService service = ControllerService.start(MigrationPlan.defaults(List.of(NAV))
                .withAutomation(false, 0, Duration.ofHours(1)), tracker, Optional.empty(),
                new JournalRouteLog(dir.resolve("state")), clock, ControllerService.Options.loopback()
                        .withWebhooks(WebhookSettings.of(List.of(receiver.url()), WebhookSettings.Format.JSON)
                                .withInterval(Duration.ofMillis(100))))) {
            ApiClient api = new ApiClient(service.url(), Optional.empty());
            FakeWorker worker = new FakeWorker(api.base(), Optional.empty(), (stream, hour) -> Verdict.FAIL);
            await("ready").atMost(Duration.ofSeconds(20)).pollInSameThread().until(() -> {
                service.pollNow().get();
                return api.get("/ready").status() == 200;
            });
            worker.refine("legacy", NAV, H0);
            clock.advance(Duration.ofMinutes(5));
            worker.refine("airflow", NAV, H0);
            service.idle().get();
            // the work backlog has samples while work is listed (the compare of H0), verdicts once it is done
            Set<String> exported = samples(api.get("/metrics").text());
            worker.drain(List.of("legacy", "airflow"));
            service.idle().get();
            await("the FAIL hour's notification delivered").atMost(Duration.ofSeconds(20))
                    .until(() -> !receiver.delivered().isEmpty());
            exported.addAll(samples(api.get("/metrics").text()));
            assertThat(exported).as("samples on /metrics").containsAll(queried);
            assertThat(queried).as("what the issue asks the dashboard to show").contains("cutover_streams",
                    "cutover_verdicts", "cutover_landing_lag_seconds_bucket", "cutover_config_source_state",
                    "cutover_reconcile_group_seconds_bucket", "cutover_controller_active",
                    "cutover_webhook_deliveries_total", "cutover_webhook_queue");
        }
    }
}
