package dev.cutover.controller.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.cutover.controller.http.ApiClient;
import dev.cutover.controller.http.FakeWorker;
import dev.cutover.controller.http.WriteTokens;
import dev.cutover.controller.plan.CanaryPolicy;
import dev.cutover.controller.plan.MigrationPlan;
import dev.cutover.controller.routelog.JournalRouteLog;
import dev.cutover.controller.service.ControllerService;
import dev.cutover.protocol.HeldHours;
import dev.cutover.protocol.Hour;
import dev.cutover.protocol.Invocation;
import dev.cutover.protocol.InvocationFormats;
import dev.cutover.protocol.Invocations;
import dev.cutover.protocol.ProtocolJson;
import dev.cutover.protocol.Route;
import dev.cutover.protocol.Verdict;
import dev.cutover.protocol.api.ControllerApiClient;
import dev.cutover.streamconfig.CutoverSettings;
import dev.cutover.streamconfig.poll.ConfigTracker;
import dev.cutover.streamconfig.poll.TrackerPolicy;
import dev.cutover.streamconfig.source.ConfigSources;
import dev.cutover.streamconfig.source.LayeredConfigSource;
import dev.cutover.streamconfig.source.OverrideLayer;
import dev.cutover.streamconfig.source.SourceOptions;
import dev.cutover.testkit.MutableClock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * {@code GET /v1/jobs/{job}/invocations} and {@code ./cutover invocations} against a real controller (Vert.x on port
 * 0, a file config source, the journal) after a real cutover driven by the fake worker: the rendered runs agree with
 * {@code GET /v1/routes} for every stream and hour, and bad input is a 400 naming the way out.
 */
class InvocationsIT {

    static final String NAV = "eventlogging_NavigationTiming";
    static final String DELETE = "mediawiki.page-delete";
    static final String TOKEN = "s3cret";
    static final String WORKER_TOKEN = "w0rker";
    static final Hour H0 = Hour.parse("2026-11-20T00");
    static final Hour CUTOVER = H0.plusHours(2);
    static final Hour END = H0.plusHours(6);
    static final CutoverSettings S = CutoverSettings.DEFAULTS;

    @TempDir
    Path dir;
    ControllerService service;
    ApiClient api;
    ControllerApiClient client;
    FakeWorker worker;

    @BeforeEach
    void cutOverNavigationTiming() throws Exception {
        Path config = dir.resolve("streams.json");
        Files.copy(Path.of(System.getProperty("cutover.shared.dir"), "fixtures/streamconfigs/sample.json"), config);
        OverrideLayer layer = OverrideLayer.open(dir.resolve("overrides.json"), Clock.systemUTC());
        ConfigTracker tracker = new ConfigTracker(new LayeredConfigSource(
                ConfigSources.open(config.toString(), SourceOptions.defaults()), layer), dir.resolve("config"),
                Clock.systemUTC(), TrackerPolicy.defaults().withPollInterval(Duration.ofMillis(200)));
        MigrationPlan plan = MigrationPlan.defaults(List.of(NAV, DELETE))
                .withCanary(new CanaryPolicy(2, 24, CanaryPolicy.KNOWN_CHECKS))
                .withAutomation(true, 0, Duration.ofHours(1));
        service = ControllerService.start(plan, tracker, Optional.of(layer), new JournalRouteLog(dir.resolve("state")),
                new MutableClock(Clock.systemUTC().instant()), ControllerService.Options.loopback()
                        .withTokens(new WriteTokens(Optional.of(WORKER_TOKEN), Optional.of(TOKEN))));
        api = new ApiClient(service.url(), Optional.empty());
        client = new ControllerApiClient(URI.create(service.url()), Optional.empty(), Duration.ofSeconds(30));
        worker = new FakeWorker(service.url(), Optional.of(WORKER_TOKEN),
                (stream, hour) -> stream.equals(DELETE) ? Verdict.FAIL : Verdict.PASS);
        awaitPolling("ready", () -> api.get("/ready").status() == 200);
        hour(0);
        hour(1);
        awaitPolling("auto-promotion", () -> phase(NAV).equals("CUTOVER"));
        hour(2);
        awaitPolling("rerun of the cutover hour", () -> phase(NAV).equals("PROMOTED"));
        service.idle().get();
    }

    @AfterEach
    void stop() {
        service.close();
    }

    private void awaitPolling(String what, java.util.concurrent.Callable<Boolean> condition) {
        await(what).atMost(Duration.ofSeconds(20)).pollInSameThread().until(() -> {
            service.pollNow().get();
            return condition.call();
        });
    }

    private String phase(String stream) {
        return api.get("/v1/streams/" + stream).json().path("phase").asText();
    }

    private void hour(int n) throws Exception {
        for (String s : List.of(NAV, DELETE)) {
            for (String job : S.jobs()) {
                worker.refine(job, s, H0.plusHours(n));
            }
        }
        service.idle().get();
        worker.drain(S.jobs());
        service.idle().get();
    }

    @Test
    void theRunsAgreeWithTheRoutesOfEveryStreamAndHourAndSplitAtTheCutoverHour() throws Exception {
        for (String job : S.jobs()) {
            Invocations invocations = client.invocations(job, H0, END);
            assertThat(invocations.job()).isEqualTo(job);
            assertThat(invocations.from()).isEqualTo(H0);
            assertThat(invocations.to()).isEqualTo(END);
            for (Hour hour = H0; hour.isBefore(END); hour = hour.next()) {
                Map<String, Route> routes = client.routes(job, hour);
                assertThat(routes).containsKeys(NAV, DELETE);
                for (Map.Entry<String, Route> route : routes.entrySet()) {
                    List<Invocation> runs = runsOf(invocations, route.getKey(), hour);
                    List<HeldHours> held = heldOf(invocations, route.getKey(), hour);
                    if (route.getValue().writes()) {
                        assertThat(runs).as("%s %s %s", job, route.getKey(), hour).singleElement()
                                .extracting(Invocation::outputDatabase).isEqualTo(route.getValue().database());
                        assertThat(held).isEmpty();
                    } else {
                        assertThat(runs).isEmpty();
                        assertThat(held).singleElement().extracting(HeldHours::reason)
                                .isEqualTo(route.getValue().reason());
                    }
                }
            }
        }
        Invocations airflow = client.invocations("airflow", H0, END);
        assertThat(runsOf(airflow, NAV, H0)).as("written under the epoch before the cutover: held").isEmpty();
        assertThat(heldOf(airflow, NAV, H0)).singleElement().satisfies(held -> {
            assertThat(held.until()).isEqualTo(CUTOVER);
            assertThat(held.reason()).isEqualTo("already committed to event_airflow under epoch 1 (current 2)");
        });
        assertThat(runsOf(airflow, DELETE, H0)).singleElement().satisfies(run -> {
            assertThat(run.outputDatabase()).isEqualTo("event_airflow");
            assertThat(run.tables()).contains("mediawiki_page_delete").doesNotContain("navigationtiming");
        });
        assertThat(runsOf(airflow, NAV, CUTOVER)).singleElement().satisfies(run -> {
            assertThat(run.outputDatabase()).isEqualTo("event");
            assertThat(run.since()).isEqualTo(CUTOVER);
            assertThat(run.tableIncludeRegex()).contains("navigationtiming");
        });
        assertThat(runsOf(client.invocations("legacy", H0, END), NAV, CUTOVER)).singleElement()
                .extracting(Invocation::outputDatabase).isEqualTo("event_systemd");
    }

    @Test
    void badInputIsA400NamingTheWayOut() {
        ApiClient.Response unknownJob = api.get("/v1/jobs/cron/invocations?from=2026-11-20T00&to=2026-11-20T06");
        assertThat(unknownJob.status()).isEqualTo(400);
        assertThat(unknownJob.json().path("error").asText()).contains("unknown job 'cron'")
                .contains("/v1/jobs/airflow/invocations");
        ApiClient.Response empty = api.get("/v1/jobs/airflow/invocations?from=2026-11-20T06&to=2026-11-20T06");
        assertThat(empty.status()).isEqualTo(400);
        assertThat(empty.json().path("error").asText()).contains("selects no hour").contains("to=2026-11-20T07");
        ApiClient.Response huge = api.get("/v1/jobs/airflow/invocations?from=2020-01-01T00&to=2026-11-20T06");
        assertThat(huge.status()).isEqualTo(400);
        assertThat(huge.json().path("error").asText()).contains("more than the 8784 (366 days)")
                .contains("split the range");
        ApiClient.Response missing = api.get("/v1/jobs/airflow/invocations?from=2026-11-20T00");
        assertThat(missing.status()).isEqualTo(400);
        assertThat(missing.json().path("error").asText()).contains("to is required")
                .contains("/v1/jobs/airflow/invocations?from=YYYY-MM-DDTHH&to=YYYY-MM-DDTHH");
        ApiClient.Response badHour = api.get("/v1/jobs/airflow/invocations?from=yesterday&to=2026-11-20T06");
        assertThat(badHour.status()).isEqualTo(400);
        assertThat(badHour.json().path("error").asText()).contains("'yesterday' is not an hour");
    }

    @Test
    void theCommandPrintsOneRefineCommandLinePerRunAndTheHeldHoursApart() throws Exception {
        Invocations legacy = client.invocations("legacy", H0, END);
        CliRun refineArgs = CliRun.of("invocations", "--url", service.url(), "--job", "legacy", "--from",
                H0.toString(), "--to", END.toString());
        assertThat(refineArgs.code()).as(refineArgs.err()).isZero();
        assertThat(refineArgs.out().lines().toList()).containsExactlyElementsOf(
                legacy.runs().stream().map(InvocationFormats::refineArgs).toList());
        assertThat(refineArgs.out()).contains("--output_database=event_systemd --table_include_regex='^(?:")
                .contains("--since=2026-11-20T02:00:00Z --until=2026-11-20T06:00:00Z");
        assertThat(refineArgs.err().lines().toList()).containsExactlyElementsOf(
                legacy.held().stream().map(InvocationFormats::heldLine).toList());

        CliRun conf = CliRun.of("invocations", "--url", service.url(), "--job", "airflow", "--from", H0.toString(),
                "--to", END.toString(), "--format", "airflow-conf", "--output-path", "/wmf/data/{database}");
        assertThat(conf.code()).as(conf.err()).isZero();
        assertThat(conf.out().lines()).hasSize(client.invocations("airflow", H0, END).runs().size());
        for (String line : conf.out().lines().toList()) {
            JsonNode run = ProtocolJson.read(line, JsonNode.class);
            assertThat(run.path("output_database").asText()).isIn("event", "event_airflow");
            assertThat(run.path("output_path").asText()).isEqualTo("/wmf/data/" + run.path("output_database").asText());
            assertThat(run.path("since").asText()).endsWith(":00:00Z");
        }
        CliRun noPlaceholder = CliRun.of("invocations", "--url", service.url(), "--job", "airflow", "--from",
                H0.toString(), "--to", END.toString(), "--output-path", "/wmf/data/event");
        assertThat(noPlaceholder.code()).isEqualTo(2);
        assertThat(noPlaceholder.err()).contains("has no {database}");

        CliRun json = CliRun.of("invocations", "--url", service.url(), "--job", "airflow", "--from", H0.toString(),
                "--to", END.toString(), "--format", "json");
        assertThat(json.code()).as(json.err()).isZero();
        assertThat(ProtocolJson.read(json.out(), Invocations.class)).isEqualTo(client.invocations("airflow", H0, END));

        CliRun unknown = CliRun.of("invocations", "--url", service.url(), "--job", "cron", "--from", H0.toString(),
                "--to", END.toString());
        assertThat(unknown.code()).isEqualTo(2);
        assertThat(unknown.err()).contains("HTTP 400").contains("unknown job 'cron'");
        CliRun backwards = CliRun.of("invocations", "--url", service.url(), "--job", "legacy", "--from",
                END.toString(), "--to", H0.toString());
        assertThat(backwards.code()).isEqualTo(2);
        assertThat(backwards.err()).contains("selects no hour");
        CliRun badFormat = CliRun.of("invocations", "--url", service.url(), "--job", "legacy", "--from",
                H0.toString(), "--to", END.toString(), "--format", "yaml");
        assertThat(badFormat.code()).isEqualTo(2);
        assertThat(badFormat.err()).contains("unknown format 'yaml'");
    }

    private static List<Invocation> runsOf(Invocations invocations, String stream, Hour hour) {
        return invocations.runs().stream().filter(r -> r.streams().contains(stream) && !hour.isBefore(r.since())
                && hour.isBefore(r.until())).toList();
    }

    private static List<HeldHours> heldOf(Invocations invocations, String stream, Hour hour) {
        return invocations.held().stream().filter(h -> h.stream().equals(stream) && h.covers(hour)).toList();
    }
}
