package dev.cutover.protocol.api;

import com.fasterxml.jackson.core.type.TypeReference;
import com.sun.net.httpserver.HttpServer;
import dev.cutover.protocol.CompareDetail;
import dev.cutover.protocol.CompareReport;
import dev.cutover.protocol.Hour;
import dev.cutover.protocol.ProtocolJson;
import dev.cutover.protocol.RefineReport;
import dev.cutover.protocol.Report;
import dev.cutover.protocol.ReportStatus;
import dev.cutover.protocol.Verdict;
import org.junit.jupiter.api.Test;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;

/** The client's {@code POST /v1/reports} body, as a server on loopback receives it. */
class ReportBatchIT {

    private static final Hour H = Hour.parse("2026-11-22T10");

    @Test
    void everyReportOfABatchIsPostedWithItsActionSoTheServerReadsItsType() throws Exception {
        AtomicReference<byte[]> received = new AtomicReference<>();
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext(ApiPaths.REPORTS, exchange -> {
            received.set(exchange.getRequestBody().readAllBytes());
            byte[] body = "{\"accepted\":2}".getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(202, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        server.start();
        try {
            List<Report> batch = List.of(
                    new RefineReport(null, "legacy", "s", H, "event", "s", 1, ReportStatus.OK, null, 5L, 10L, "c1",
                            "fp", 100L),
                    new CompareReport("compare/s", "airflow", "s", H, "event_airflow", "event", "s", 1,
                            ReportStatus.OK, null, 7L, Verdict.PASS, CompareDetail.of(Verdict.PASS, List.of())));
            ControllerApiClient client = new ControllerApiClient(
                    URI.create("http://127.0.0.1:" + server.getAddress().getPort()), Optional.empty(),
                    Duration.ofSeconds(5));

            assertThat(client.report(batch)).isEqualTo(2);

            List<Report> read = ProtocolJson.MAPPER.readValue(received.get(), new TypeReference<List<Report>>() { });
            assertThat(read).isEqualTo(batch);
        } finally {
            server.stop(0);
        }
    }
}
