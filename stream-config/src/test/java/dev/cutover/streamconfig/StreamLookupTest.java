package dev.cutover.streamconfig;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.benmanes.caffeine.cache.Ticker;
import dev.cutover.streamconfig.testing.Fixtures;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class StreamLookupTest {

    private final AtomicLong nanos = new AtomicLong();
    private final Ticker ticker = nanos::get;

    private static StreamConfig config(String title) {
        ObjectNode settings = Fixtures.JSON.createObjectNode().put("schema_title", title);
        return new StreamConfig("s", settings);
    }

    private void advance(Duration duration) {
        nanos.addAndGet(duration.toNanos());
    }

    @Test
    void servesTheCachedValueUntilTheRefreshIntervalThenRefreshes() {
        AtomicReference<String> title = new AtomicReference<>("v1");
        AtomicInteger loads = new AtomicInteger();
        StreamLookup lookup = new StreamLookup(s -> {
            loads.incrementAndGet();
            return Optional.of(config(title.get()));
        }, Duration.ofMinutes(1), 100, ticker, Runnable::run);

        assertThat(lookup.find("s").flatMap(StreamConfig::schemaTitle)).contains("v1");
        title.set("v2");
        advance(Duration.ofSeconds(59));
        assertThat(lookup.find("s").flatMap(StreamConfig::schemaTitle)).contains("v1");
        assertThat(loads).hasValue(1);

        advance(Duration.ofSeconds(2));
        Optional<String> atRefresh = lookup.find("s").flatMap(StreamConfig::schemaTitle);
        Optional<String> afterRefresh = lookup.find("s").flatMap(StreamConfig::schemaTitle);

        assertThat(atRefresh).isPresent();
        assertThat(afterRefresh).contains("v2");
        assertThat(loads).hasValue(2);
    }

    @Test
    void keepsServingTheStaleValueWhenARefreshFails() {
        AtomicReference<RuntimeException> failure = new AtomicReference<>();
        StreamLookup lookup = new StreamLookup(s -> {
            if (failure.get() != null) {
                throw failure.get();
            }
            return Optional.of(config("good"));
        }, Duration.ofMinutes(1), 100, ticker, Runnable::run);
        assertThat(lookup.find("s")).isPresent();

        failure.set(new IllegalStateException("source down"));
        advance(Duration.ofHours(5));

        assertThat(lookup.find("s").flatMap(StreamConfig::schemaTitle)).contains("good");
        assertThat(lookup.find("s").flatMap(StreamConfig::schemaTitle)).contains("good");
    }

    @Test
    void looksUpThroughTheCurrentSnapshotWithRegexKeys() throws Exception {
        Snapshot sample = SnapshotParser.parse(Fixtures.bytes(Fixtures.sample()), "sample", Optional.empty(),
                java.time.Instant.EPOCH);
        AtomicReference<Optional<Snapshot>> current = new AtomicReference<>(Optional.empty());
        StreamLookup lookup = StreamLookup.over(current::get, Duration.ofSeconds(30), ticker, Runnable::run);

        assertThat(lookup.find("mediawiki.job.foo")).isEmpty();
        current.set(Optional.of(sample));
        advance(Duration.ofSeconds(31));
        lookup.find("mediawiki.job.foo");

        assertThat(lookup.find("mediawiki.job.foo").map(StreamConfig::name)).contains("/^mediawiki\\.job\\..+/");
        assertThat(lookup.find("eventlogging_NavigationTiming")).isPresent();
    }
}
