package dev.cutover.streamconfig.source;

import static dev.cutover.streamconfig.source.OverrideLayerTest.FLAG;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.TextNode;
import dev.cutover.streamconfig.Snapshot;
import dev.cutover.streamconfig.StreamConfig;
import dev.cutover.streamconfig.testing.ApiServer;
import dev.cutover.streamconfig.testing.FakeClock;
import dev.cutover.streamconfig.testing.Fixtures;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The override layer over the real MediaWiki API source, against a real HTTP server that revalidates by ETag. */
class LayeredConfigSourceIT {

    private static final byte[] SAMPLE = Fixtures.apiDocument(Fixtures.streams(Fixtures.sample()));

    @TempDir
    Path dir;

    private final FakeClock clock = FakeClock.at("2026-11-25T10:00:00Z");
    private ApiServer server;
    private OverrideLayer layer;
    private LayeredConfigSource layered;

    @BeforeEach
    void setUp() throws Exception {
        server = new ApiServer();
        server.handler((exchange, request) -> {
            if ("\"v1\"".equals(request.header("If-None-Match"))) {
                ApiServer.respond(exchange, 304, Map.of("ETag", "\"v1\""), new byte[0]);
            } else {
                ApiServer.respond(exchange, 200, Map.of("ETag", "\"v1\""), SAMPLE);
            }
        });
        SourceOptions options = SourceOptions.defaults().withClock(clock)
                .withTimeouts(Duration.ofSeconds(2), Duration.ofSeconds(5));
        layer = OverrideLayer.open(dir.resolve("overrides.json"), clock);
        layered = new LayeredConfigSource(ConfigSources.open(server.url(), options), layer);
    }

    @AfterEach
    void tearDown() {
        layered.close();
        server.close();
    }

    private static Snapshot changed(FetchResult result) {
        assertThat(result).isInstanceOf(FetchResult.Changed.class);
        return ((FetchResult.Changed) result).snapshot();
    }

    @Test
    void anOverrideSetWhileTheServerAnswers304IsAChangeAndItsRevertBringsBackTheBaseContent() {
        Snapshot first = changed(layered.fetch(Optional.empty()));
        clock.advance(Duration.ofMinutes(1));
        assertThat(layered.fetch(Optional.of(first))).isEqualTo(new FetchResult.Unchanged(clock.instant()));

        clock.advance(Duration.ofMinutes(1));
        layer.set("pageview.v1", FLAG, TextNode.valueOf("event"), "alice", "promote");
        Snapshot promoted = changed(layered.fetch(Optional.of(first)));

        assertThat(promoted.lookup("pageview.v1").flatMap(StreamConfig::hiveDatabase)).contains("event");
        assertThat(first.lookup("pageview.v1").flatMap(StreamConfig::hiveDatabase)).isEmpty();
        assertThat(promoted.version()).contains("\"v1\"+overrides.r1");
        assertThat(promoted.fetchedAt()).isEqualTo(clock.instant());

        layer.revert("pageview.v1", FLAG, "bob", "rollback");
        Snapshot reverted = changed(layered.fetch(Optional.of(promoted)));

        assertThat(reverted.contentHash()).isEqualTo(first.contentHash());
        assertThat(reverted.lookup("pageview.v1").flatMap(StreamConfig::hiveDatabase)).isEmpty();
        assertThat(reverted.version()).contains("\"v1\"+overrides.r2");
        assertThat(server.requests()).hasSize(4);
        assertThat(server.requests()).extracting(r -> r.header("If-None-Match"))
                .as("after the first answer, every request revalidates (and the server answers 304)")
                .containsExactly(null, "\"v1\"", "\"v1\"", "\"v1\"");
    }
}
