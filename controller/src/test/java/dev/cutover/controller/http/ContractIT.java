package dev.cutover.controller.http;

import com.fasterxml.jackson.databind.node.TextNode;
import dev.cutover.controller.model.StreamState;
import dev.cutover.controller.plan.CanaryPolicy;
import dev.cutover.controller.plan.ComparisonRules;
import dev.cutover.controller.plan.MigrationPlan;
import dev.cutover.controller.plan.StreamRules;
import dev.cutover.controller.routelog.JournalRouteLog;
import dev.cutover.controller.service.ControllerService;
import dev.cutover.protocol.AuditEvent;
import dev.cutover.protocol.CompareDetail;
import dev.cutover.protocol.CompareReport;
import dev.cutover.protocol.Hour;
import dev.cutover.protocol.RefineReport;
import dev.cutover.protocol.Report;
import dev.cutover.protocol.ReportStatus;
import dev.cutover.protocol.Route;
import dev.cutover.protocol.Verdict;
import dev.cutover.protocol.WorkAction;
import dev.cutover.protocol.WorkItem;
import dev.cutover.protocol.api.ApiCallException;
import dev.cutover.protocol.api.ControllerApiClient;
import dev.cutover.protocol.api.Requests;
import dev.cutover.protocol.api.Responses;
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

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.awaitility.Awaitility.await;

/**
 * The worker's and the CLI's real client ({@link ControllerApiClient}) against the real controller API (Vert.x on
 * loopback, file config, override layer, journal): every endpoint they use, each checked for the typed answer it
 * returns and for its refusals. Neither side is faked.
 */
class ContractIT {

    static final String NAV = "eventlogging_NavigationTiming";
    static final String DELETE = "mediawiki.page-delete";
    static final String TOKEN = "w0rker";
    static final String OPERATOR_TOKEN = "s3cret";
    static final Hour H0 = Hour.parse("2026-11-20T00");
    static final CutoverSettings S = CutoverSettings.DEFAULTS;
    static final String LEGACY = S.legacyJob();
    static final String AIRFLOW = S.newJob();

    @TempDir
    Path dir;
    OverrideLayer layer;
    ControllerService service;
    /** The workers' client (reports and reads). */
    ControllerApiClient client;
    ControllerApiClient operator;
    ControllerApiClient anonymous;

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
                .withAutomation(false, 0, Duration.ofHours(1))
                .withCompareRules(new ComparisonRules(StreamRules.NONE, Map.of(NAV, StreamRules.declared(List.of(),
                        List.of("user_agent_map"), Map.of(), Optional.empty(), Map.of()))));
        service = ControllerService.start(plan, tracker, Optional.of(layer), new JournalRouteLog(dir.resolve("state")),
                Clock.systemUTC(), ControllerService.Options.loopback()
                        .withTokens(new WriteTokens(Optional.of(TOKEN), Optional.of(OPERATOR_TOKEN))));
        client = new ControllerApiClient(URI.create(service.url()), Optional.of(TOKEN), Duration.ofSeconds(10));
        operator = new ControllerApiClient(URI.create(service.url()), Optional.of(OPERATOR_TOKEN),
                Duration.ofSeconds(10));
        anonymous = new ControllerApiClient(URI.create(service.url()), Optional.empty(), Duration.ofSeconds(10));
        await().atMost(Duration.ofSeconds(30)).until(() -> client.ready().ready());
    }

    @AfterEach
    void stop() {
        if (service != null) {
            service.close();
        }
    }

    private interface Call {
        Object run() throws ApiCallException;
    }

    private static ApiCallException refused(Call call) {
        return catchThrowableOfType(ApiCallException.class, call::run);
    }

    private void settled() throws Exception {
        service.idle().get();
    }

    private static RefineReport refine(String job, Hour hour, String database) {
        return FakeWorker.refineReport(null, job, NAV, hour, database, 1);
    }

    @Test
    void readyAnswersTheRoleAndThatNothingIsHeld() throws Exception {
        Responses.Ready ready = client.ready();
        assertThat(ready.ready()).isTrue();
        assertThat(ready.role()).isEqualTo("active");
        assertThat(ready.problems()).isEmpty();
        assertThat(ready.overrideLayer().held()).as("the override layer this controller recorded is not held")
                .isFalse();
        assertThat(anonymous.ready()).as("reads need no token").isEqualTo(client.ready());
    }

    @Test
    void routesOfEveryManagedStreamAndOfOneStreamAreTheControllersRouteTablesAnswer() throws Exception {
        Map<String, Route> expected = new LinkedHashMap<>();
        service.view().streams().forEach((stream, entry) -> expected.put(stream, entry.table().route(AIRFLOW,
                H0.plusHours(5))));

        Map<String, Route> routes = client.routes(AIRFLOW, H0.plusHours(5));

        assertThat(routes).isEqualTo(expected).containsKeys(NAV, DELETE);
        assertThat(routes.get(NAV)).extracting(Route::database, Route::epoch, Route::reason)
                .containsExactly(S.newShadow().value(), 1L, null);
        assertThat(routes.get(NAV).leaseMs()).as("the write lease of the epoch's writers").isPositive();
        assertThat(client.route(LEGACY, H0.plusHours(5), NAV)).hasValueSatisfying(r -> assertThat(r)
                .extracting(Route::database, Route::epoch).containsExactly(S.productionDatabase().value(), 1L));
        assertThat(client.route(LEGACY, H0.plusHours(5), "mediawiki.not-managed")).isEmpty();
        ApiCallException unknownJob = refused(() -> client.routes("cron", H0));
        assertThat(unknownJob.status()).isEqualTo(400);
        assertThat(unknownJob.getMessage()).contains("unknown job 'cron'");
    }

    @Test
    void anEpochIsTheStreamsCurrentOneAndEmptyForAStreamTheControllerDoesNotManage() throws Exception {
        assertThat(client.epoch(NAV)).contains(service.view().state(NAV).orElseThrow().epoch());
        assertThat(client.epoch("mediawiki.not-managed")).isEmpty();
    }

    @Test
    void reportsAreAcceptedAsABatchAndTheWorkListTheyCauseIsTyped() throws Exception {
        assertThat(client.work(AIRFLOW)).isEmpty();

        assertThat(client.report(List.of(refine(LEGACY, H0, "event"), refine(AIRFLOW, H0, "event_airflow"))))
                .isEqualTo(2);
        settled();

        List<WorkItem> work = client.work(AIRFLOW);
        assertThat(work).singleElement().satisfies(item -> {
            assertThat(item.stream()).isEqualTo(NAV);
            assertThat(item.hour()).isEqualTo(H0);
            assertThat(item.action()).isEqualTo(WorkAction.COMPARE);
            assertThat(item.database()).isEqualTo("event_airflow");
            assertThat(item.from()).isEqualTo("event");
            assertThat(item.epoch()).isEqualTo(1);
            assertThat(item.id()).isNotBlank();
        });
        assertThat(client.work(LEGACY)).isEmpty();
        ApiCallException unknownJob = refused(() -> client.work("cron"));
        assertThat(unknownJob.status()).isEqualTo(400);

        assertThat(client.report(List.of(FakeWorker.report(AIRFLOW, work.get(0), Verdict.PASS)))).isEqualTo(1);
        settled();
        assertThat(client.work(AIRFLOW)).isEmpty();
        assertThat(client.stream(NAV).verdicts()).containsExactly(new Responses.VerdictView(H0, "PASS",
                CompareDetail.of(Verdict.PASS, List.of())));
    }

    @Test
    void aStreamsVerdictsShowTheKindTheRulesThatAppliedAndWhatTheyHid() throws Exception {
        client.report(List.of(refine(LEGACY, H0, "event"), refine(AIRFLOW, H0, "event_airflow")));
        settled();
        WorkItem compare = client.work(AIRFLOW).get(0);
        CompareDetail detail = new CompareDetail(NAV, H0, "navigationtiming",
                new CompareDetail.Side("event_airflow", 1, 10L, "a", null, null, null, List.of("meta", "user_agent_map")),
                new CompareDetail.Side("event", 1, 10L, "a", null, null, null, List.of("meta")),
                new CompareDetail.SchemaDiff(List.of("user_agent_map"), List.of(), List.of(), 1), "scan", null,
                Verdict.FAIL, List.of("column user_agent_map only in event_airflow"), List.of(), null, null);
        client.report(List.of(new CompareReport(compare.id(), AIRFLOW, NAV, H0, "event_airflow", "event", "t", 1,
                ReportStatus.OK, null, 10L, Verdict.FAIL, detail)));
        settled();

        assertThat(client.stream(NAV).verdicts()).containsExactly(new Responses.VerdictView(H0, "PASS_UNDER_RULES",
                List.of(), List.of("added_columns[user_agent_map]"), List.of("column user_agent_map only in"
                        + " event_airflow"), detail));
        assertThat(client.streams().streams()).filteredOn(s -> s.stream().equals(NAV)).singleElement()
                .satisfies(s -> assertThat(s.lastVerdicts()).containsExactly(H0 + " PASS_UNDER_RULES"));
    }

    @Test
    void aRefusedBatchSurfacesEveryProblemWithStatus400AndNothingIsStored() throws Exception {
        long eventsBefore = client.events(0, 10_000).events().size();
        List<Report> batch = List.of(refine(LEGACY, H0, "event"),
                FakeWorker.refineReport(null, "cron", NAV, H0, "event", 1),
                new RefineReport(null, AIRFLOW, NAV, H0, "event_airflow", "t", 1, ReportStatus.OK, null, 5L, null,
                        null, "fp", 1L));

        ApiCallException refusal = refused(() -> client.report(batch));

        assertThat(refusal.status()).isEqualTo(400);
        assertThat(refusal.unreachable()).isFalse();
        assertThat(refusal.problems()).containsExactly(
                "report 1: job 'cron' is not one of " + S.jobs(),
                "report 2: an OK refine report needs rows (>= 0)",
                "report 2: an OK refine report needs the checksum");
        assertThat(refusal.getMessage()).contains("HTTP 400", "3 problems");
        settled();
        assertThat(client.work(AIRFLOW)).as("not even the good report was applied").isEmpty();
        assertThat(service.view().observed(NAV).hours()).isEmpty();
        assertThat(client.events(0, 10_000).events()).hasSize((int) eventsBefore);
        assertThat(refused(() -> anonymous.report(List.of(refine(LEGACY, H0, "event")))).status())
                .as("reports need the token").isEqualTo(401);
    }

    @Test
    void streamsAndAStreamsDetailAreTypedAndAnUnknownStreamIs404() throws Exception {
        Responses.Streams streams = client.streams();
        assertThat(streams.problems()).isEmpty();
        assertThat(streams.streams()).extracting(Responses.StreamSummary::stream)
                .containsExactlyElementsOf(service.view().streams().keySet());
        assertThat(streams.streams()).filteredOn(s -> s.stream().equals(NAV)).singleElement()
                .isEqualTo(new Responses.StreamSummary(NAV, "navigationtiming", "SHADOW", LEGACY, 1, null, null,
                        List.of(), List.of()));

        Responses.StreamDetail detail = client.stream(NAV);
        assertThat(detail.phase()).isEqualTo("SHADOW");
        assertThat(detail.table()).isEqualTo("navigationtiming");
        assertThat(detail.epoch()).isEqualTo(1);
        assertThat(detail.routes()).containsExactly(new Responses.RouteView(StreamState.BEGINNING, 1, LEGACY,
                Map.of(LEGACY, "event", AIRFLOW, "event_airflow")));
        assertThat(detail.verdicts()).isEmpty();
        assertThat(detail.workBacklog()).isZero();
        assertThat(refused(() -> client.stream("mediawiki.not-managed")).status()).isEqualTo(404);
    }

    @Test
    void eventsAreTheAuditLogAfterASequenceNumberOldestFirst() throws Exception {
        List<AuditEvent> all = client.events(0, 10_000).events();

        assertThat(all).isNotEmpty().isEqualTo(service.view().audit().since(0, 10_000));
        assertThat(all).extracting(AuditEvent::seq).isSorted().doesNotHaveDuplicates();
        assertThat(all).filteredOn(e -> NAV.equals(e.stream())).first()
                .satisfies(e -> assertThat(e.what()).startsWith("managed: "));
        assertThat(client.events(0, 1).events()).containsExactly(all.get(0));
        assertThat(client.events(all.get(0).seq(), 10_000).events()).isEqualTo(all.subList(1, all.size()));
        assertThat(client.events(all.get(all.size() - 1).seq(), 10).events()).isEmpty();
    }

    @Test
    void overrideAndDecommissionAreConflictsInTheWrongPhaseNeedTheTokenAndAReason() throws Exception {
        Requests.Operator request = new Requests.Operator("carol", "T42: checked by hand");

        ApiCallException override = refused(() -> operator.override(NAV, request));
        ApiCallException decommission = refused(() -> operator.decommission(NAV, request));

        assertThat(override.status()).isEqualTo(409);
        assertThat(override.getMessage()).contains(NAV + " is SHADOW");
        assertThat(decommission.status()).isEqualTo(409);
        assertThat(decommission.getMessage()).contains("READY_TO_DECOMMISSION");
        assertThat(refused(() -> anonymous.override(NAV, request)).status()).isEqualTo(401);
        ApiCallException byAWorker = refused(() -> client.override(NAV, request));
        assertThat(byAWorker.status()).isEqualTo(403);
        assertThat(byAWorker.getMessage()).contains("the operator token");
        assertThat(refused(() -> anonymous.decommission(NAV, request)).status()).isEqualTo(401);
        ApiCallException noReason = refused(() -> operator.override(NAV, new Requests.Operator("carol", null)));
        assertThat(noReason.status()).isEqualTo(400);
        assertThat(noReason.getMessage()).contains("a reason is required");
        assertThat(refused(() -> operator.override("mediawiki.not-managed", request)).status()).isEqualTo(404);
    }

    @Test
    void anOverrideOfABlockedPreflightIsAccepted() throws Exception {
        layer.set(DELETE, S.flagPointer(), TextNode.valueOf("event"), "bob", "try it");
        await().atMost(Duration.ofSeconds(20)).until(() -> {
            service.pollNow().get();
            return client.stream(DELETE).phase().equals("BLOCKED");
        });

        Responses.RequestAccepted accepted = operator.override(DELETE, new Requests.Operator("carol", "T42"));

        assertThat(accepted).isEqualTo(new Responses.RequestAccepted(DELETE, true));
        settled();
        assertThat(client.stream(DELETE).phase()).isEqualTo("CUTOVER");
    }

    @Test
    void acceptingTheOverrideLayerIsAConflictWhenNothingIsHeldAndNeedsTheTokenAndARevision() {
        Requests.AcceptOverrideLayer request = new Requests.AcceptOverrideLayer(0L, "erin", "T3");

        ApiCallException nothingHeld = refused(() -> operator.acceptOverrideLayer(request));

        assertThat(nothingHeld.status()).isEqualTo(409);
        assertThat(nothingHeld.getMessage()).contains("nothing to accept");
        assertThat(refused(() -> anonymous.acceptOverrideLayer(request)).status()).isEqualTo(401);
        assertThat(refused(() -> operator.acceptOverrideLayer(new Requests.AcceptOverrideLayer(null, "erin", "T3")))
                .status()).isEqualTo(400);
    }

    @Test
    void aControllerThatIsGoneIsUnreachableWithStatus0() {
        String url = service.url();
        service.close();
        service = null;

        ApiCallException gone = refused(() -> new ControllerApiClient(URI.create(url), Optional.empty(),
                Duration.ofSeconds(2)).epoch(NAV));

        assertThat(gone.status()).isZero();
        assertThat(gone.unreachable()).isTrue();
        assertThat(gone.getMessage()).contains(url, "unreachable");
    }
}
