package dev.cutover.worker.route;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cutover.protocol.CopyReport;
import dev.cutover.protocol.FenceDecision;
import dev.cutover.protocol.Hour;
import dev.cutover.protocol.RefineReport;
import dev.cutover.protocol.ReportStatus;
import dev.cutover.protocol.Route;
import dev.cutover.protocol.WorkAction;
import dev.cutover.protocol.WorkItem;
import dev.cutover.protocol.api.ApiCallException;
import dev.cutover.protocol.api.ControllerApiClient;
import dev.cutover.worker.FakeController;
import dev.cutover.worker.report.Attempt;
import dev.cutover.worker.report.ReportSink;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The worker's use of the protocol's controller client, against a controller speaking the protocol on loopback. */
class ControllerClientIT {

    private static final Hour HOUR = Hour.parse("2026-11-22T10");

    private static ControllerApiClient client(URI url, String token) {
        return new ControllerApiClient(url, Optional.ofNullable(token), Duration.ofSeconds(5));
    }

    @Test
    void speaksTheContractEndpointsWithTheBearerToken() throws Exception {
        try (FakeController controller = new FakeController("tok")) {
            controller.route("airflow", "mediawiki.page-create", "event_airflow", 7);
            controller.work.put("airflow", List.of(new WorkItem("i1", "mediawiki.page-create", HOUR, WorkAction.COPY,
                    "event", "event_airflow", 7)));
            ControllerApiClient client = client(controller.url(), "tok");

            assertThat(client.routes("airflow", HOUR)).containsExactly(
                    Map.entry("mediawiki.page-create", Route.write("event_airflow", 7)));
            assertThat(client.epoch("mediawiki.page-create")).contains(7L);
            assertThat(client.epoch("not.managed")).isEmpty();
            assertThat(client.work("airflow")).singleElement().satisfies(i -> {
                assertThat(i.action()).isEqualTo(WorkAction.COPY);
                assertThat(i.from()).isEqualTo("event_airflow");
            });
            CopyReport report = new Attempt("i1", "airflow", "mediawiki.page-create", HOUR, "event",
                    "mediawiki_page_create", 7, 5).copied("event_airflow", 10, "123", "fp");
            assertThat(client.report(List.of(report))).isEqualTo(1);
            assertThat(controller.reports).containsExactly(report);
            assertThat(controller.requests).contains("GET /v1/routes?job=airflow&hour=2026-11-22T10");
        }
    }

    @Test
    void aMissingTokenOrADeadControllerIsAClearErrorAndOnlyTheDeadOneIsUnreachable() throws Exception {
        try (FakeController controller = new FakeController("tok")) {
            ControllerApiClient noToken = client(controller.url(), null);
            assertThatThrownBy(() -> noToken.epoch("s")).isInstanceOfSatisfying(ApiCallException.class, e -> {
                assertThat(e.status()).isEqualTo(401);
                assertThat(e.unreachable()).isFalse();
                assertThat(e.getMessage()).contains("401").contains("token file");
            });
        }
        ControllerApiClient dead = new ControllerApiClient(URI.create("http://127.0.0.1:1"), Optional.empty(),
                Duration.ofSeconds(2));
        assertThatThrownBy(() -> dead.work("legacy")).isInstanceOfSatisfying(ApiCallException.class, e -> {
            assertThat(e.unreachable()).isTrue();
            assertThat(e.getMessage()).contains("unreachable").contains("127.0.0.1:1");
        });
    }

    @Test
    void theFenceAbortsWhenTheEpochMovedTheStreamIsNotManagedOrTheEpochCannotBeConfirmed() throws Exception {
        try (FakeController controller = new FakeController(null)) {
            controller.epochs.put("s", 4L);
            ControllerRoutes routes = new ControllerRoutes(client(controller.url(), null));
            assertThat(routes.fence("s", 4).check().proceeds()).isTrue();
            assertThat(routes.fence("s", 3).check()).isInstanceOfSatisfying(FenceDecision.Abort.class,
                    a -> assertThat(a.reason()).contains("from 3 to 4"));
            assertThat(routes.fence("gone", 3).check()).isInstanceOfSatisfying(FenceDecision.Abort.class,
                    a -> assertThat(a.reason()).contains("gone has no route on controller"));
        }
        ControllerRoutes dead = new ControllerRoutes(new ControllerApiClient(URI.create("http://127.0.0.1:1"),
                Optional.empty(), Duration.ofSeconds(2)));
        assertThat(dead.fence("s", 1).check()).isInstanceOfSatisfying(FenceDecision.Abort.class,
                a -> assertThat(a.reason()).contains("cannot confirm"));
    }

    @Test
    void aReportTheControllerRefusesIsLoggedWithEveryProblemAndNothingIsStored() throws Exception {
        try (FakeController controller = new FakeController(null)) {
            ByteArrayOutputStream errors = new ByteArrayOutputStream();
            ReportSink sink = ReportSink.controller(client(controller.url(), null),
                    new PrintStream(errors, true, StandardCharsets.UTF_8));
            RefineReport withoutNumbers = new RefineReport(null, "legacy", "s", HOUR, "event", "s", 1,
                    ReportStatus.OK, null, 5L, null, null, null, null);

            sink.send(withoutNumbers);

            assertThat(controller.reports).isEmpty();
            assertThat(errors.toString(StandardCharsets.UTF_8)).contains("report for s 2026-11-22T10 not delivered")
                    .contains("HTTP 400").contains("an OK refine report needs rows (>= 0)")
                    .contains("an OK refine report needs the checksum");
        }
    }
}
