package dev.cutover.streamconfig.source;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cutover.streamconfig.Snapshot;
import dev.cutover.streamconfig.testing.ApiServer;
import dev.cutover.streamconfig.testing.ApiServer.SeenRequest;
import dev.cutover.streamconfig.testing.FakeClock;
import dev.cutover.streamconfig.testing.Fixtures;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The MediaWiki API source against a real HTTP server on a loopback port. */
class MediaWikiApiSourceIT {

    private static final ObjectNode PRODUCTION = Fixtures.streams(Fixtures.productionAll());
    private static final byte[] PRODUCTION_BODY = Fixtures.apiDocument(PRODUCTION);

    private final FakeClock clock = FakeClock.at("2026-11-25T10:00:00Z");
    private ApiServer server;

    @BeforeEach
    void startServer() throws Exception {
        server = new ApiServer();
    }

    @AfterEach
    void stopServer() {
        server.close();
    }

    private SourceOptions options() {
        return SourceOptions.defaults().withClock(clock).withTimeouts(Duration.ofSeconds(2), Duration.ofSeconds(5));
    }

    private MediaWikiApiSource source(SourceOptions options) {
        return (MediaWikiApiSource) ConfigSources.open(server.url(), options);
    }

    private static FetchResult.Failed failed(FetchResult result) {
        assertThat(result).isInstanceOf(FetchResult.Failed.class);
        return (FetchResult.Failed) result;
    }

    @Test
    void sendsTheApiParametersAndAUserAgentAndParsesTheProductionConfig() {
        server.handler((exchange, request) -> ApiServer.respond(exchange, 200, Map.of(), PRODUCTION_BODY));

        FetchResult result = source(options().withUserAgent("Cutover/0.1 (https://example.org/cutover; test)"))
                .fetch(Optional.empty());

        assertThat(result).isInstanceOfSatisfying(FetchResult.Changed.class, changed -> {
            assertThat(changed.snapshot().size()).isEqualTo(244);
            assertThat(changed.snapshot().origin()).isEqualTo(server.url());
            assertThat(changed.snapshot().fetchedAt()).isEqualTo(clock.instant());
        });
        SeenRequest request = server.requests().get(0);
        assertThat(request.header("User-Agent")).isEqualTo("Cutover/0.1 (https://example.org/cutover; test)");
        assertThat(request.parameter("action")).isEqualTo("streamconfigs");
        assertThat(request.parameter("format")).isEqualTo("json");
        assertThat(request.parameter("formatversion")).isEqualTo("2");
        // Without all_settings, EventStreamConfig leaves out schema_title, topics, topic_prefixes...
        assertThat(request.parameter("all_settings")).isEqualTo("1");
        assertThat(request.parameter("streams")).isNull();
        assertThat(request.header("If-None-Match")).isNull();
    }

    @Test
    void revalidatesWithTheEtagAndReadsA304AsUnchanged() {
        server.handler((exchange, request) -> {
            if ("\"v1\"".equals(request.header("If-None-Match"))) {
                ApiServer.respond(exchange, 304, Map.of("ETag", "\"v1\""), new byte[0]);
            } else {
                ApiServer.respond(exchange, 200, Map.of("ETag", "\"v1\""), PRODUCTION_BODY);
            }
        });
        MediaWikiApiSource source = source(options());

        Snapshot first = ((FetchResult.Changed) source.fetch(Optional.empty())).snapshot();
        clock.advance(Duration.ofMinutes(1));
        FetchResult second = source.fetch(Optional.of(first));

        assertThat(first.version()).contains("\"v1\"");
        assertThat(second).isEqualTo(new FetchResult.Unchanged(clock.instant()));
        assertThat(server.requests()).extracting(r -> r.header("If-None-Match")).containsExactly(null, "\"v1\"");
    }

    @Test
    void revalidatesWithIfModifiedSinceWhenThereIsNoEtag() {
        String lastModified = "Wed, 25 Nov 2026 09:00:00 GMT";
        server.handler((exchange, request) -> {
            if (lastModified.equals(request.header("If-Modified-Since"))) {
                ApiServer.respond(exchange, 304, Map.of(), new byte[0]);
            } else {
                ApiServer.respond(exchange, 200, Map.of("Last-Modified", lastModified), PRODUCTION_BODY);
            }
        });
        MediaWikiApiSource source = source(options());

        Snapshot first = ((FetchResult.Changed) source.fetch(Optional.empty())).snapshot();
        FetchResult second = source.fetch(Optional.of(first));

        assertThat(second).isInstanceOf(FetchResult.Unchanged.class);
        assertThat(server.requests().get(1).header("If-Modified-Since")).isEqualTo(lastModified);
        assertThat(server.requests().get(1).header("If-None-Match")).isNull();
    }

    @Test
    void asksUnconditionallyWhenTheCallerDidNotKeepTheLastAnswer() {
        server.handler((exchange, request) ->
                ApiServer.respond(exchange, 200, Map.of("ETag", "\"v1\""), PRODUCTION_BODY));
        MediaWikiApiSource source = source(options());

        source.fetch(Optional.empty());
        FetchResult again = source.fetch(Optional.empty());

        assertThat(again).isInstanceOf(FetchResult.Changed.class);
        assertThat(server.requests().get(1).header("If-None-Match")).isNull();
    }

    @ParameterizedTest(name = "HTTP {0}")
    @ValueSource(ints = {500, 502, 503, 429})
    void reportsServerErrorsAndThrottlingAsTransientWithTheRetryAfter(int status) {
        server.handler((exchange, request) ->
                ApiServer.respond(exchange, status, Map.of("Retry-After", "120"), "busy".getBytes(StandardCharsets.UTF_8)));

        FetchResult.Failed failed = failed(source(options()).fetch(Optional.empty()));

        assertThat(failed.kind()).isEqualTo(FetchResult.FailureKind.TRANSIENT);
        assertThat(failed.retryAfter()).contains(Duration.ofSeconds(120));
        assertThat(failed.error()).contains("HTTP " + status, server.url());
    }

    @Test
    void readsARetryAfterGivenAsAnHttpDate() {
        server.handler((exchange, request) ->
                ApiServer.respond(exchange, 503, Map.of("Retry-After", "Wed, 25 Nov 2026 10:05:00 GMT"), new byte[0]));

        FetchResult.Failed failed = failed(source(options()).fetch(Optional.empty()));

        assertThat(failed.retryAfter()).contains(Duration.ofMinutes(5));
    }

    @ParameterizedTest(name = "HTTP {0}")
    @ValueSource(ints = {401, 403, 404})
    void reportsAuthAndNotFoundAsPermanent(int status) {
        server.handler((exchange, request) -> ApiServer.respond(exchange, status, Map.of(), new byte[0]));

        FetchResult.Failed failed = failed(source(options()).fetch(Optional.empty()));

        assertThat(failed.kind()).isEqualTo(FetchResult.FailureKind.PERMANENT);
        assertThat(failed.error()).contains("HTTP " + status, "check the URL");
    }

    @Test
    void givesUpOnAServerThatDoesNotAnswerWithinTheReadTimeout() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        server.handler((exchange, request) -> {
            try {
                release.await(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        try {
            MediaWikiApiSource source = source(options().withTimeouts(Duration.ofSeconds(1), Duration.ofMillis(300)));

            FetchResult.Failed failed = failed(source.fetch(Optional.empty()));

            assertThat(failed.kind()).isEqualTo(FetchResult.FailureKind.TRANSIENT);
            assertThat(failed.error()).contains("read timeout", "300 ms");
        } finally {
            release.countDown();
        }
    }

    @Test
    void reportsARefusedConnectionAsTransientNamingTheUrl() throws Exception {
        int port;
        try (java.net.ServerSocket closed = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            port = closed.getLocalPort();
        }
        String url = "http://127.0.0.1:" + port + "/w/api.php";
        long started = System.nanoTime();

        FetchResult.Failed failed = failed(ConfigSources.open(url, options()).fetch(Optional.empty()));

        assertThat(failed.kind()).isEqualTo(FetchResult.FailureKind.TRANSIENT);
        assertThat(failed.error()).contains(url, "request failed");
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(3));
    }

    @Test
    void givesUpOnAServerThatNeverAcceptsWithinTheConnectTimeout() throws Exception {
        List<java.net.Socket> queued = new ArrayList<>();
        try (java.net.ServerSocket full = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            java.net.InetSocketAddress address = new java.net.InetSocketAddress(full.getInetAddress(), full.getLocalPort());
            // Never accepted: once the accept queue is full, the kernel drops further connection attempts.
            while (queued.size() < 16) {
                java.net.Socket socket = new java.net.Socket();
                queued.add(socket);
                try {
                    socket.connect(address, 200);
                } catch (java.net.SocketTimeoutException queueFull) {
                    break;
                }
            }
            assertThat(queued).as("the accept queue fills up").hasSizeLessThan(16);
            String url = "http://127.0.0.1:" + full.getLocalPort() + "/w/api.php";
            long started = System.nanoTime();

            FetchResult.Failed failed = failed(ConfigSources.open(url,
                    options().withTimeouts(Duration.ofMillis(300), Duration.ofSeconds(5))).fetch(Optional.empty()));

            assertThat(failed.kind()).isEqualTo(FetchResult.FailureKind.TRANSIENT);
            assertThat(failed.error()).contains(url, "connect timeout", "300 ms");
            assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(3));
        } finally {
            for (java.net.Socket socket : queued) {
                socket.close();
            }
        }
    }

    @Test
    void givesUpOnABodyThatStallsHalfWayWithinTheReadTimeout() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        server.handler((exchange, request) -> {
            exchange.sendResponseHeaders(200, PRODUCTION_BODY.length);
            OutputStream out = exchange.getResponseBody();
            out.write(PRODUCTION_BODY, 0, 1000);
            out.flush();
            try {
                release.await(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        try {
            MediaWikiApiSource source = source(options().withTimeouts(Duration.ofSeconds(1), Duration.ofMillis(300)));

            FetchResult.Failed failed = failed(source.fetch(Optional.empty()));

            assertThat(failed.kind()).isEqualTo(FetchResult.FailureKind.TRANSIENT);
            assertThat(failed.error()).contains("read timeout");
        } finally {
            release.countDown();
        }
    }

    @Test
    void rejectsABodyCutShortOfItsContentLength() {
        server.handler((exchange, request) -> {
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, PRODUCTION_BODY.length);
            OutputStream out = exchange.getResponseBody();
            out.write(PRODUCTION_BODY, 0, PRODUCTION_BODY.length / 2);
            out.flush();
            throw new java.io.IOException("connection dropped mid-body (simulated)");
        });

        FetchResult.Failed failed = failed(source(options()).fetch(Optional.empty()));

        assertThat(failed.kind()).isEqualTo(FetchResult.FailureKind.TRANSIENT);
        assertThat(failed.error()).contains(server.url(), "request failed", "content-length");
    }

    @Test
    void rejectsTruncatedInvalidEmptyAndStreamlessBodiesAsInvalidContent() {
        Map<String, byte[]> bodies = Map.of(
                "truncated JSON", Arrays.copyOf(PRODUCTION_BODY, PRODUCTION_BODY.length / 2),
                "not JSON", "<html>maintenance</html>".getBytes(StandardCharsets.UTF_8),
                "empty streams", "{\"streams\": {}}".getBytes(StandardCharsets.UTF_8),
                "no streams key", "{\"batchcomplete\": true}".getBytes(StandardCharsets.UTF_8),
                "whitespace", "  \n".getBytes(StandardCharsets.UTF_8));
        bodies.forEach((what, body) -> {
            server.handler((exchange, request) -> ApiServer.respond(exchange, 200, Map.of(), body));

            FetchResult.Failed failed = failed(source(options()).fetch(Optional.empty()));

            assertThat(failed.kind()).as(what).isEqualTo(FetchResult.FailureKind.INVALID_CONTENT);
            assertThat(failed.error()).as(what).contains(server.url(), "applied");
        });
    }

    @Test
    void reportsAnApiErrorAsPermanentWithItsCode() {
        server.handler((exchange, request) -> ApiServer.respond(exchange, 200, Map.of(),
                "{\"error\": {\"code\": \"badvalue\", \"info\": \"Unrecognized value for parameter \\\"action\\\"\"}}"
                        .getBytes(StandardCharsets.UTF_8)));

        FetchResult.Failed failed = failed(source(options()).fetch(Optional.empty()));

        assertThat(failed.kind()).isEqualTo(FetchResult.FailureKind.PERMANENT);
        assertThat(failed.error()).contains("badvalue", "Unrecognized value");
    }

    /** Answers like MediaWiki: only the requested streams that exist, with an ETag per distinct answer. */
    private void serveRequestedStreams() {
        server.handler((exchange, request) -> {
            ObjectNode answer = Fixtures.JSON.createObjectNode();
            for (String name : request.parameter("streams").split("\\|")) {
                if (PRODUCTION.has(name)) {
                    answer.set(name, PRODUCTION.get(name));
                }
            }
            byte[] body = Fixtures.apiDocument(answer);
            String etag = "\"" + Integer.toHexString(Arrays.hashCode(body)) + "\"";
            if (etag.equals(request.header("If-None-Match"))) {
                ApiServer.respond(exchange, 304, Map.of("ETag", etag), new byte[0]);
            } else {
                ApiServer.respond(exchange, 200, Map.of("ETag", etag), body);
            }
        });
    }

    @Test
    void asksForNamedStreamsInBatchesOf250AndMergesTheAnswersIntoOneSnapshot() {
        List<String> names = new ArrayList<>();
        PRODUCTION.fieldNames().forEachRemaining(names::add);
        for (int i = 0; names.size() < 600; i++) {
            names.add("unknown.stream." + i);
        }
        serveRequestedStreams();
        MediaWikiApiSource source = source(options().withStreams(names)
                .withConstraints("destination_event_service=eventgate-analytics"));

        Snapshot snapshot = ((FetchResult.Changed) source.fetch(Optional.empty())).snapshot();

        List<SeenRequest> requests = server.requests();
        assertThat(requests).hasSize(3);
        assertThat(requests).extracting(r -> r.parameter("streams").split("\\|").length).containsExactly(250, 250, 100);
        Set<String> asked = new LinkedHashSet<>();
        requests.forEach(r -> asked.addAll(Arrays.asList(r.parameter("streams").split("\\|"))));
        assertThat(asked).containsExactlyElementsOf(names);
        assertThat(requests).extracting(r -> r.parameter("constraints"))
                .containsOnly("destination_event_service=eventgate-analytics");
        assertThat(snapshot.streams().keySet()).containsExactlyElementsOf(() -> PRODUCTION.fieldNames());
        assertThat(snapshot.version()).hasValueSatisfying(v -> assertThat(v.split(",")).hasSize(3));

        FetchResult again = source.fetch(Optional.of(snapshot));

        assertThat(again).isInstanceOf(FetchResult.Unchanged.class);
        assertThat(server.requests().subList(3, 6)).allSatisfy(r -> assertThat(r.header("If-None-Match")).isNotNull());
    }

    @Test
    void readsAnEmptyStreamsArrayAsABatchWithNoStreams() {
        // formatversion=2 encodes an empty PHP array as [], so a batch whose names all miss answers this.
        List<String> all = new ArrayList<>();
        PRODUCTION.fieldNames().forEachRemaining(all::add);
        List<String> names = List.copyOf(all.subList(0, 10));
        List<String> unknown = List.of("unknown.stream.1", "unknown.stream.2");
        List<String> asked = new ArrayList<>(names);
        asked.addAll(unknown);
        server.handler((exchange, request) -> {
            ObjectNode answer = Fixtures.JSON.createObjectNode();
            for (String name : request.parameter("streams").split("\\|")) {
                if (PRODUCTION.has(name)) {
                    answer.set(name, PRODUCTION.get(name));
                }
            }
            byte[] body = answer.isEmpty() ? "{\"batchcomplete\": true, \"streams\": []}".getBytes(StandardCharsets.UTF_8)
                    : Fixtures.apiDocument(answer);
            ApiServer.respond(exchange, 200, Map.of(), body);
        });

        FetchResult result = source(options().withStreams(asked).withBatchSize(10)).fetch(Optional.empty());

        assertThat(server.requests()).hasSize(2);
        assertThat(result).isInstanceOfSatisfying(FetchResult.Changed.class, changed ->
                assertThat(changed.snapshot().streams().keySet()).containsExactlyElementsOf(names));
    }

    @Test
    void stillRejectsAnAnswerWhoseBatchesAreAllEmptyArrays() {
        server.handler((exchange, request) -> ApiServer.respond(exchange, 200, Map.of(),
                "{\"streams\": []}".getBytes(StandardCharsets.UTF_8)));

        FetchResult.Failed failed = failed(source(options().withStreams(List.of("a", "b", "c")).withBatchSize(2))
                .fetch(Optional.empty()));

        assertThat(failed.kind()).isEqualTo(FetchResult.FailureKind.INVALID_CONTENT);
        assertThat(failed.error()).contains(server.url(), "no streams", "never applied");
    }

    @Test
    void rejectsANonEmptyStreamsArray() {
        server.handler((exchange, request) -> ApiServer.respond(exchange, 200, Map.of(),
                "{\"streams\": [{\"stream\": \"a\"}]}".getBytes(StandardCharsets.UTF_8)));

        FetchResult.Failed failed = failed(source(options()).fetch(Optional.empty()));

        assertThat(failed.kind()).isEqualTo(FetchResult.FailureKind.INVALID_CONTENT);
        assertThat(failed.error()).contains(server.url(), "'streams'", "applied");
    }

    @Test
    void failsTheWholeFetchWhenOneBatchFails() {
        List<String> names = new ArrayList<>();
        PRODUCTION.fieldNames().forEachRemaining(names::add);
        server.handler((exchange, request) -> {
            if (server.requests().size() == 2) {
                ApiServer.respond(exchange, 503, Map.of(), new byte[0]);
            } else {
                ApiServer.respond(exchange, 200, Map.of(), PRODUCTION_BODY);
            }
        });

        FetchResult.Failed failed = failed(source(options().withStreams(names).withBatchSize(100)).fetch(Optional.empty()));

        assertThat(failed.error()).contains("request 2 of 3", "HTTP 503");
    }
}
