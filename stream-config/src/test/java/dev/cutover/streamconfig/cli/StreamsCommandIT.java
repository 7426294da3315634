package dev.cutover.streamconfig.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cutover.streamconfig.testing.ApiServer;
import dev.cutover.streamconfig.testing.Fixtures;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** {@code cutover streams} against the MediaWiki API on a real loopback server. */
class StreamsCommandIT {

    private ApiServer server;

    @BeforeEach
    void startServer() throws Exception {
        server = new ApiServer();
    }

    @AfterEach
    void stopServer() {
        server.close();
    }

    @Test
    void listsTheStreamsTheApiServesWithTheConfiguredUserAgent() throws Exception {
        server.handler((exchange, request) ->
                ApiServer.respond(exchange, 200, Map.of(), Fixtures.bytes(Fixtures.sample())));

        CliRun run = CliRun.of("streams", "--config-source", server.url(), "--json", "--user-agent", "CutoverTest/1.0");

        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(Fixtures.JSON.readTree(run.out())).hasSize(27);
        assertThat(server.requests().get(0).header("User-Agent")).isEqualTo("CutoverTest/1.0");
        assertThat(server.requests().get(0).parameter("action")).isEqualTo("streamconfigs");
    }

    @Test
    void passesStreamNamesAndConstraintsToTheApi() throws Exception {
        server.handler((exchange, request) ->
                ApiServer.respond(exchange, 200, Map.of(), Fixtures.bytes(Fixtures.sample())));

        CliRun run = CliRun.of("--config-source", server.url(), "--json", "--stream",
                "eventlogging_NavigationTiming,mediawiki.page-create", "--stream", "pageview.v1",
                "--constraints", "destination_event_service=eventgate-analytics");

        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(server.requests()).singleElement().satisfies(request -> {
            assertThat(request.parameter("streams")).isEqualTo("eventlogging_NavigationTiming|mediawiki.page-create|pageview.v1");
            assertThat(request.parameter("constraints")).isEqualTo("destination_event_service=eventgate-analytics");
        });
    }

    @Test
    void exitsWithTwoAndOneLineOnAnHttpError() {
        server.handler((exchange, request) -> ApiServer.respond(exchange, 503, Map.of(), new byte[0]));

        CliRun run = CliRun.of("streams", "--config-source", server.url());

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.out()).isEmpty();
        assertThat(run.err().lines()).singleElement().asString().contains("HTTP 503", server.url());
    }
}
