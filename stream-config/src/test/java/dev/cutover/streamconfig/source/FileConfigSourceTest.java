package dev.cutover.streamconfig.source;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cutover.streamconfig.Snapshot;
import dev.cutover.streamconfig.testing.FakeClock;
import dev.cutover.streamconfig.testing.Fixtures;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FileConfigSourceTest {

    @TempDir
    Path dir;

    private final FakeClock clock = FakeClock.at("2026-11-25T10:00:00Z");

    private FetchResult fetch(String name, String content, Optional<Snapshot> previous) {
        Path file = dir.resolve(name);
        Fixtures.write(file, content.getBytes(StandardCharsets.UTF_8));
        return new FileConfigSource(file, clock).fetch(previous);
    }

    @Test
    void readsTheApiShapeABareMapAndYamlAlike() {
        FetchResult api = fetch("api.json", "{\"streams\": {\"a.b\": {\"schema_title\": \"t\"}}}", Optional.empty());
        FetchResult bare = fetch("bare.json", "{\"a.b\": {\"schema_title\": \"t\"}}", Optional.empty());
        FetchResult yaml = fetch("c.yaml", "streams:\n  a.b:\n    schema_title: t\n", Optional.empty());

        assertThat(api).isInstanceOf(FetchResult.Changed.class);
        Snapshot snapshot = ((FetchResult.Changed) api).snapshot();
        assertThat(snapshot.streams()).containsOnlyKeys("a.b");
        assertThat(snapshot.fetchedAt()).isEqualTo(clock.instant());
        assertThat(snapshot.version()).hasValueSatisfying(v -> assertThat(v).startsWith("sha256:"));
        assertThat(((FetchResult.Changed) bare).snapshot().contentHash()).isEqualTo(snapshot.contentHash());
        assertThat(((FetchResult.Changed) yaml).snapshot().contentHash()).isEqualTo(snapshot.contentHash());
    }

    @Test
    void detectsChangeByContentHashNotByTimestamp() {
        Path file = dir.resolve("config.json");
        Fixtures.write(file, Fixtures.bytes(Fixtures.sample()));
        FileConfigSource source = new FileConfigSource(file, clock);
        Snapshot first = ((FetchResult.Changed) source.fetch(Optional.empty())).snapshot();

        clock.advance(Duration.ofMinutes(1));
        Fixtures.write(file, Fixtures.apiDocument(Fixtures.streams(Fixtures.sample())));
        FetchResult rewrittenCompactly = source.fetch(Optional.of(first));
        Fixtures.write(file, "{\"streams\": {\"only\": {}}}".getBytes(StandardCharsets.UTF_8));
        FetchResult edited = source.fetch(Optional.of(first));

        assertThat(rewrittenCompactly).isEqualTo(new FetchResult.Unchanged(clock.instant()));
        assertThat(edited).isInstanceOf(FetchResult.Changed.class);
    }

    @Test
    void reportsUnusableContentAsInvalidNamingTheFile() {
        for (String content : new String[] {"", "  \n", "{\"streams\": {}}", "{\"streams\": {\"a\": ",
                "{\"streams\": [1]}", "[1, 2]", "{\"streams\": {\"a\": 3}}"}) {
            FetchResult result = fetch("bad.json", content, Optional.empty());

            assertThat(result).as(content).isInstanceOfSatisfying(FetchResult.Failed.class, failed -> {
                assertThat(failed.kind()).isEqualTo(FetchResult.FailureKind.INVALID_CONTENT);
                assertThat(failed.error()).contains("bad.json").doesNotContain("\n");
            });
        }
    }

    @Test
    void rejectsASavedApiErrorNamingTheFileAndTheApiError() {
        FetchResult result = fetch("saved.json", "{\"error\": {\"code\": \"internal_api_error_DBQueryError\","
                + " \"info\": \"A database query error has occurred.\"}, \"servedby\": \"mw1234\"}", Optional.empty());

        assertThat(result).isInstanceOfSatisfying(FetchResult.Failed.class, failed -> {
            assertThat(failed.kind()).isEqualTo(FetchResult.FailureKind.INVALID_CONTENT);
            assertThat(failed.error()).contains("saved.json", "MediaWiki API error", "internal_api_error_DBQueryError",
                    "A database query error has occurred.").doesNotContain("stream 'error'");
        });
    }

    @Test
    void rejectsAnApiEnvelopeWithoutStreamsInsteadOfReadingItAsStreams() {
        for (String content : new String[] {"{\"batchcomplete\": true}", "{\"servedby\": \"mw1\", \"x\": {}}",
                "{\"warnings\": {\"main\": {\"warnings\": \"Unrecognized parameter\"}}}"}) {
            FetchResult result = fetch("envelope.json", content, Optional.empty());

            assertThat(result).as(content).isInstanceOfSatisfying(FetchResult.Failed.class, failed -> {
                assertThat(failed.kind()).isEqualTo(FetchResult.FailureKind.INVALID_CONTENT);
                assertThat(failed.error()).contains("envelope.json", "MediaWiki API answer", "no 'streams'");
            });
        }
    }

    @Test
    void acceptsAnApiAnswerWithWarningsAndStreams() {
        FetchResult result = fetch("warned.json", "{\"warnings\": {\"main\": {\"warnings\": \"w\"}},"
                + " \"batchcomplete\": true, \"streams\": {\"a.b\": {}}}", Optional.empty());

        assertThat(result).isInstanceOfSatisfying(FetchResult.Changed.class,
                changed -> assertThat(changed.snapshot().streams()).containsOnlyKeys("a.b"));
    }

    @Test
    void readsAnEmptyStreamsArrayAsNoStreams() {
        FetchResult result = fetch("empty.json", "{\"streams\": []}", Optional.empty());

        assertThat(result).isInstanceOfSatisfying(FetchResult.Failed.class,
                failed -> assertThat(failed.error()).contains("empty.json", "no streams"));
    }

    @Test
    void reportsAMissingFileAsAPermanentProblemWithTheWayOut() {
        FetchResult result = new FileConfigSource(dir.resolve("missing.json"), clock).fetch(Optional.empty());

        assertThat(result).isInstanceOfSatisfying(FetchResult.Failed.class, failed -> {
            assertThat(failed.kind()).isEqualTo(FetchResult.FailureKind.PERMANENT);
            assertThat(failed.error()).contains("missing.json", "not found", "--config-source");
        });
    }

    @Test
    void opensFilesAndUrlsByTheirShape() {
        assertThat(ConfigSources.open(dir.resolve("x.json").toString(), SourceOptions.defaults()))
                .isInstanceOf(FileConfigSource.class);
        assertThat(ConfigSources.open("https://meta.wikimedia.org/w/api.php", SourceOptions.defaults()))
                .isInstanceOf(MediaWikiApiSource.class);
        assertThat(((MediaWikiApiSource) ConfigSources.open("https://meta.wikimedia.org/w/api.php",
                SourceOptions.defaults())).requestUris()).extracting(Object::toString).containsExactly(
                "https://meta.wikimedia.org/w/api.php?action=streamconfigs&format=json&formatversion=2&all_settings=1");
        assertThat(((MediaWikiApiSource) ConfigSources.open("https://x/w/api.php?action=streamconfigs&format=json",
                SourceOptions.defaults().withConstraints("destination_event_service=eventgate-analytics")))
                .requestUris()).extracting(Object::toString).containsExactly("https://x/w/api.php?action=streamconfigs"
                + "&format=json&formatversion=2&all_settings=1&constraints=destination_event_service%3Deventgate-analytics");
        // A URL that sets all_settings itself keeps its own value.
        assertThat(((MediaWikiApiSource) ConfigSources.open("https://x/w/api.php?all_settings=true",
                SourceOptions.defaults())).requestUris()).extracting(Object::toString).containsExactly(
                "https://x/w/api.php?all_settings=true&action=streamconfigs&format=json&formatversion=2");
    }
}
