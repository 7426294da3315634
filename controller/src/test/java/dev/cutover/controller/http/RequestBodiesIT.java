package dev.cutover.controller.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import dev.cutover.controller.plan.MigrationPlan;
import dev.cutover.controller.routelog.JournalRouteLog;
import dev.cutover.controller.service.ControllerService;
import dev.cutover.streamconfig.poll.ConfigTracker;
import dev.cutover.streamconfig.poll.TrackerPolicy;
import dev.cutover.streamconfig.source.ConfigSources;
import dev.cutover.streamconfig.source.SourceOptions;
import io.vertx.ext.web.handler.BodyHandler;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * F1: request bodies are never spooled to disk, are read only on write routes and only after the token was checked,
 * and are bounded per route (413 beyond). Vert.x would spool multipart uploads into {@code file-uploads} under the
 * working directory; it must never appear.
 */
class RequestBodiesIT {

    static final String NAV = "eventlogging_NavigationTiming";
    static final String TOKEN = "s3cret";
    static final String OPERATOR_TOKEN = "0perator";
    static final Path UPLOADS = Path.of(BodyHandler.DEFAULT_UPLOADS_DIRECTORY);

    @TempDir
    Path dir;
    ControllerService service;
    ApiClient api;
    ApiClient anonymous;

    @BeforeEach
    void start() throws Exception {
        deleteUploads();
        Path config = dir.resolve("streams.json");
        Files.copy(Path.of(System.getProperty("cutover.shared.dir"), "fixtures/streamconfigs/sample.json"), config);
        ConfigTracker tracker = new ConfigTracker(ConfigSources.open(config.toString(), SourceOptions.defaults()),
                dir.resolve("config"), Clock.systemUTC(), TrackerPolicy.defaults().withPollInterval(Duration.ofMillis(200)));
        service = ControllerService.start(MigrationPlan.defaults(List.of(NAV)), tracker, Optional.empty(),
                new JournalRouteLog(dir.resolve("state")), Clock.systemUTC(),
                ControllerService.Options.loopback()
                        .withTokens(new WriteTokens(Optional.of(TOKEN), Optional.of(OPERATOR_TOKEN))));
        api = new ApiClient(service.url(), Optional.of(TOKEN));
        anonymous = new ApiClient(service.url(), Optional.empty());
    }

    @AfterEach
    void stop() throws IOException {
        service.close();
        deleteUploads();
    }

    private static void deleteUploads() throws IOException {
        if (Files.exists(UPLOADS)) {
            try (Stream<Path> files = Files.walk(UPLOADS)) {
                for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                    Files.delete(p);
                }
            }
        }
    }

    /** A multipart form with one file of {@code size} bytes, as {@code curl -F f=@file} sends it. */
    private static byte[] multipart(int size) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream(size + 512);
        out.write(("--XyZ\r\nContent-Disposition: form-data; name=\"f\"; filename=\"big.bin\"\r\n"
                + "Content-Type: application/octet-stream\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
        byte[] file = new byte[size];
        Arrays.fill(file, (byte) 'x');
        out.write(file);
        out.write("\r\n--XyZ--\r\n".getBytes(StandardCharsets.US_ASCII));
        return out.toByteArray();
    }

    private static final String FORM = "multipart/form-data; boundary=XyZ";

    @Test
    void aFileUploadWithoutATokenIsRefusedQuicklyAndNothingIsWrittenToDiskOnAnyPath() throws Exception {
        byte[] upload = multipart(15 * 1024 * 1024);

        assertTimeoutPreemptively(Duration.ofSeconds(10), () -> {
            assertThat(anonymous.post("/v1/reports", FORM, upload).status()).isEqualTo(401);
            assertThat(anonymous.post("/v1/streams/" + NAV + "/override", FORM, upload).status()).isEqualTo(401);
            assertThat(anonymous.post("/healthy", FORM, upload).status()).isEqualTo(405);
            assertThat(anonymous.post("/no/such/path", FORM, upload).status()).isEqualTo(404);
        });

        assertThat(UPLOADS).as("Vert.x's upload directory").doesNotExist();
    }

    @Test
    void aFileUploadWithTheTokenIsNotJsonAndIsRefusedWithoutBeingStored() throws Exception {
        ApiClient.Response response = api.post("/v1/reports", FORM, multipart(64 * 1024));

        assertThat(response.status()).isEqualTo(415);
        assertThat(response.json().path("error").asText()).contains("multipart/form-data", "application/json");
        assertThat(UPLOADS).doesNotExist();
    }

    @Test
    void aReportBodyOverItsLimitIs413NamingTheLimit() {
        byte[] body = new byte[5 * 1024 * 1024];
        Arrays.fill(body, (byte) ' ');

        ApiClient.Response response = api.post("/v1/reports", "application/json", body);

        assertThat(response.status()).isEqualTo(413);
        assertThat(response.json().path("error").asText()).contains("/v1/reports", "bytes");
        assertThat(UPLOADS).doesNotExist();
    }

    @Test
    void anOperatorRequestIsBoundedToAFewKilobytes() {
        String why = "x".repeat(20 * 1024);

        ApiClient operator = new ApiClient(service.url(), Optional.of(OPERATOR_TOKEN));

        ApiClient.Response response = operator.post("/v1/streams/" + NAV + "/override", "application/json",
                ("{\"who\":\"carol\",\"why\":\"" + why + "\"}").getBytes(StandardCharsets.UTF_8));

        assertThat(response.status()).isEqualTo(413);
        assertThat(response.json().path("error").asText()).contains("override", "bytes");
    }
}
