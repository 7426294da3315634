package dev.cutover.streamconfig.poll;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cutover.streamconfig.Snapshot;
import dev.cutover.streamconfig.source.ConfigSources;
import dev.cutover.streamconfig.source.SourceOptions;
import dev.cutover.streamconfig.source.SourceStatus.State;
import dev.cutover.streamconfig.testing.ApiServer;
import dev.cutover.streamconfig.testing.FakeClock;
import dev.cutover.streamconfig.testing.Fixtures;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Iterator;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The tracker polling a real HTTP server: backoff, Retry-After, status, ETags and holds together. */
class ConfigTrackerHttpIT {

    private static final byte[] PRODUCTION = Fixtures.bytes(Fixtures.productionAll());

    @TempDir
    Path state;

    private final FakeClock clock = FakeClock.at("2026-11-25T10:00:00Z");
    private final TrackerPolicy policy = TrackerPolicy.defaults().withRandom(() -> 0.5);
    private ApiServer server;

    /** What the server answers: status, headers, body. */
    private record Answer(int status, Map<String, String> headers, byte[] body) {
    }

    private final AtomicReference<Answer> answer = new AtomicReference<>();

    @BeforeEach
    void startServer() throws Exception {
        server = new ApiServer();
        server.handler((exchange, request) -> {
            Answer a = answer.get();
            String etag = a.headers().get("ETag");
            if (etag != null && etag.equals(request.header("If-None-Match"))) {
                ApiServer.respond(exchange, 304, a.headers(), new byte[0]);
            } else {
                ApiServer.respond(exchange, a.status(), a.headers(), a.body());
            }
        });
    }

    @AfterEach
    void stopServer() {
        server.close();
    }

    private ConfigTracker tracker() {
        SourceOptions options = SourceOptions.defaults().withClock(clock)
                .withTimeouts(Duration.ofSeconds(2), Duration.ofSeconds(5));
        return new ConfigTracker(ConfigSources.open(server.url(), options), state, clock, policy);
    }

    private void answer(int status, Map<String, String> headers, byte[] body) {
        answer.set(new Answer(status, headers, body));
    }

    @Test
    void backsOffOnServerErrorsHonoursRetryAfterAndKeepsServingTheLastKnownGood() {
        answer(200, Map.of("ETag", "\"a\""), PRODUCTION);
        ConfigTracker tracker = tracker();
        assertThat(tracker.poll()).isInstanceOf(PollOutcome.Applied.class);
        assertThat(tracker.poll()).isInstanceOf(PollOutcome.Unchanged.class);
        Snapshot good = tracker.current().orElseThrow();

        answer(500, Map.of(), new byte[0]);
        tracker.poll();
        Duration first = tracker.nextDelay();
        tracker.poll();
        Duration second = tracker.nextDelay();
        answer(429, Map.of("Retry-After", "120"), new byte[0]);
        tracker.poll();
        Duration throttled = tracker.nextDelay();
        answer(429, Map.of("Retry-After", "1"), new byte[0]);
        tracker.poll();
        Duration shortRetryAfter = tracker.nextDelay();

        assertThat(first).isEqualTo(Duration.ofSeconds(5));
        assertThat(second).isEqualTo(Duration.ofSeconds(10));
        assertThat(throttled).as("Retry-After longer than the backoff wins").isEqualTo(Duration.ofSeconds(120));
        assertThat(shortRetryAfter).as("the backoff keeps growing").isEqualTo(Duration.ofSeconds(40));
        assertThat(tracker.current()).contains(good);
        assertThat(tracker.status().state()).isEqualTo(State.STALE);
        assertThat(tracker.status().lastError()).hasValueSatisfying(e -> assertThat(e).contains("HTTP 429"));

        answer(200, Map.of("ETag", "\"a\""), PRODUCTION);
        assertThat(tracker.poll()).isInstanceOf(PollOutcome.Unchanged.class);
        assertThat(tracker.status().state()).isEqualTo(State.READY);
        assertThat(tracker.nextDelay()).isEqualTo(policy.pollInterval());
    }

    @Test
    void capsAHugeRetryAfterAtThePermanentFailureDelay() {
        answer(200, Map.of(), PRODUCTION);
        ConfigTracker tracker = tracker();
        tracker.poll();

        for (String retryAfter : new String[] {"31536000", String.valueOf(Long.MAX_VALUE),
                "Fri, 01 Jan 2100 00:00:00 GMT"}) {
            answer(503, Map.of("Retry-After", retryAfter), new byte[0]);

            assertThat(tracker.poll()).isInstanceOf(PollOutcome.Failed.class);
            assertThat(tracker.nextDelay()).as(retryAfter).isEqualTo(policy.permanentFailureDelay());
        }
        answer(503, Map.of("Retry-After", "1800"), new byte[0]);
        tracker.poll();
        assertThat(tracker.nextDelay()).as("below the cap, Retry-After still wins").isEqualTo(Duration.ofMinutes(30));
    }

    @Test
    void goesToErrorWithALongBackoffOnAuthAndNotFoundEvenWithALastKnownGood() {
        answer(200, Map.of(), PRODUCTION);
        ConfigTracker tracker = tracker();
        tracker.poll();

        for (int status : new int[] {401, 403, 404}) {
            answer(status, Map.of(), new byte[0]);

            assertThat(tracker.poll()).isInstanceOf(PollOutcome.Failed.class);
            assertThat(tracker.status().state()).isEqualTo(State.ERROR);
            assertThat(tracker.status().lastError()).hasValueSatisfying(e -> assertThat(e).contains("HTTP " + status));
            assertThat(tracker.nextDelay()).isEqualTo(Duration.ofHours(1));
            assertThat(tracker.current()).map(Snapshot::size).contains(244);
        }
    }

    @Test
    void appliesARepeatedShrinkEvenThoughTheServerWouldAnswer304ToTheHeldContent() {
        answer(200, Map.of("ETag", "\"full\""), PRODUCTION);
        ConfigTracker tracker = tracker();
        tracker.poll();
        ObjectNode all = Fixtures.streams(Fixtures.productionAll());
        ObjectNode few = Fixtures.JSON.createObjectNode();
        Iterator<String> names = all.fieldNames();
        for (int i = 0; i < 10; i++) {
            String name = names.next();
            few.set(name, all.get(name));
        }
        answer(200, Map.of("ETag", "\"few\""), Fixtures.apiDocument(few));

        assertThat(tracker.poll()).isInstanceOf(PollOutcome.Held.class);
        assertThat(tracker.poll()).isInstanceOf(PollOutcome.Held.class);
        assertThat(tracker.poll()).isInstanceOfSatisfying(PollOutcome.Applied.class,
                applied -> assertThat(applied.diff().removed()).hasSize(234));
        assertThat(tracker.poll()).isInstanceOf(PollOutcome.Unchanged.class);
        assertThat(server.requests()).extracting(r -> r.header("If-None-Match"))
                .containsExactly(null, "\"full\"", null, null, "\"few\"");
    }

    @Test
    void restartsFromTheSavedSnapshotWhileTheServerAnswers503() {
        answer(200, Map.of("ETag", "\"a\""), PRODUCTION);
        Snapshot applied = ((PollOutcome.Applied) tracker().poll()).current();
        answer(503, Map.of(), new byte[0]);

        ConfigTracker restarted = tracker();
        PollOutcome outcome = restarted.poll();

        assertThat(outcome).isInstanceOf(PollOutcome.Failed.class);
        assertThat(restarted.current().map(Snapshot::contentHash)).contains(applied.contentHash());
        assertThat(restarted.status().state()).isEqualTo(State.STALE);
    }
}
