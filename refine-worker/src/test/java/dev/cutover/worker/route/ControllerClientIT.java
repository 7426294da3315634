package dev.cutover.worker.route;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cutover.protocol.FenceDecision;
import dev.cutover.protocol.Hour;
import dev.cutover.protocol.WorkAction;
import dev.cutover.protocol.WorkItem;
import dev.cutover.protocol.CopyReport;
import dev.cutover.worker.FakeController;
import dev.cutover.worker.report.Attempt;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ControllerClientIT {

    private static final Hour HOUR = Hour.parse("2026-11-22T10");

    @Test
    void speaksTheContractEndpointsWithTheBearerToken() throws Exception {
        try (FakeController controller = new FakeController("tok")) {
            controller.route("airflow", "mediawiki.page-create", "event_airflow", 7);
            controller.work.put("airflow", List.of(new WorkItem("i1", "mediawiki.page-create", HOUR, WorkAction.COPY,
                    "event", "event_airflow", 7)));
            ControllerClient client = new ControllerClient(controller.url(), Optional.of("tok"), Duration.ofSeconds(5));

            assertThat(client.routes("airflow", HOUR)).containsOnlyKeys("mediawiki.page-create")
                    .hasEntrySatisfying("mediawiki.page-create", r -> {
                        assertThat(r.database()).isEqualTo("event_airflow");
                        assertThat(r.epoch()).isEqualTo(7);
                    });
            assertThat(client.epoch("mediawiki.page-create")).isEqualTo(7);
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
    void aMissingTokenOrADeadControllerIsAClearError() throws Exception {
        try (FakeController controller = new FakeController("tok")) {
            ControllerClient noToken = new ControllerClient(controller.url(), Optional.empty(), Duration.ofSeconds(5));
            assertThatThrownBy(() -> noToken.epoch("s")).hasMessageContaining("401").hasMessageContaining("--token-file");
        }
        ControllerClient dead = new ControllerClient(URI.create("http://127.0.0.1:1"), Optional.empty(), Duration.ofSeconds(2));
        assertThatThrownBy(() -> dead.work("legacy")).hasMessageContaining("unreachable").hasMessageContaining("127.0.0.1:1");
    }

    @Test
    void theFenceAbortsWhenTheEpochMovedOrCannotBeConfirmed() throws Exception {
        try (FakeController controller = new FakeController(null)) {
            controller.epochs.put("s", 4L);
            ControllerRoutes routes = new ControllerRoutes(new ControllerClient(controller.url(), Optional.empty(),
                    Duration.ofSeconds(5)));
            assertThat(routes.fence("s", 4).check().proceeds()).isTrue();
            assertThat(routes.fence("s", 3).check()).isInstanceOfSatisfying(FenceDecision.Abort.class,
                    a -> assertThat(a.reason()).contains("from 3 to 4"));
        }
        ControllerRoutes dead = new ControllerRoutes(new ControllerClient(URI.create("http://127.0.0.1:1"),
                Optional.empty(), Duration.ofSeconds(2)));
        assertThat(dead.fence("s", 1).check()).isInstanceOfSatisfying(FenceDecision.Abort.class,
                a -> assertThat(a.reason()).contains("cannot confirm"));
    }
}
