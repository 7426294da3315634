package dev.cutover.streamconfig;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cutover.streamconfig.testing.Fixtures;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class SnapshotLookupTest {

    private static Snapshot sample() throws ConfigParseException {
        return SnapshotParser.parse(Fixtures.bytes(Fixtures.sample()), "sample.json", Optional.empty(), Instant.EPOCH);
    }

    private static Snapshot parse(String json) throws ConfigParseException {
        return SnapshotParser.parse(json.getBytes(StandardCharsets.UTF_8), "test", Optional.empty(), Instant.EPOCH);
    }

    @Test
    void findsJobStreamsThroughTheRealMediawikiJobRegexKey() throws Exception {
        Optional<StreamConfig> found = sample().lookup("mediawiki.job.foo");

        assertThat(found).isPresent();
        assertThat(found.get().name()).isEqualTo("/^mediawiki\\.job\\..+/");
        assertThat(found.get().isRegex()).isTrue();
        assertThat(found.get().schemaTitle()).contains("mediawiki/job");
        assertThat(found.get().hiveIngestionEnabled()).isFalse();
    }

    @Test
    void findsSwiftUploadStreamsWithAndWithoutTheOptionalMiddlePart() throws Exception {
        Snapshot snapshot = sample();

        assertThat(snapshot.lookup("swift.eqiad.upload-complete")).map(StreamConfig::name)
                .contains("/^swift\\.(.+\\.)?upload-complete$/");
        assertThat(snapshot.lookup("swift.upload-complete")).map(StreamConfig::schemaTitle)
                .contains(Optional.of("swift/upload/complete"));
        assertThat(snapshot.lookup("swift.eqiad.upload-complete.extra")).isEmpty();
        assertThat(snapshot.lookup("mediawiki.job")).isEmpty();
        assertThat(snapshot.lookup("no.such.stream")).isEmpty();
    }

    @Test
    void prefersAnExactKeyOverAMatchingRegexKeyWhateverTheOrder() throws Exception {
        Snapshot snapshot = parse("""
                {"streams": {
                  "/^mediawiki\\\\.job\\\\..+/": {"schema_title": "from-regex"},
                  "mediawiki.job.special": {"schema_title": "exact"}
                }}""");

        assertThat(snapshot.lookup("mediawiki.job.special")).flatMap(StreamConfig::schemaTitle).contains("exact");
        assertThat(snapshot.lookup("mediawiki.job.other")).flatMap(StreamConfig::schemaTitle).contains("from-regex");
    }

    @Test
    void usesTheFirstMatchingRegexKeyInConfigOrder() throws Exception {
        Snapshot snapshot = parse("""
                {"streams": {
                  "/^a\\\\./": {"schema_title": "first"},
                  "/^a\\\\.b/": {"schema_title": "second"}
                }}""");

        assertThat(snapshot.lookup("a.b.c")).flatMap(StreamConfig::schemaTitle).contains("first");
    }

    @Test
    void findsNamedStreamsOfTheSampleByExactKey() throws Exception {
        Snapshot snapshot = sample();

        StreamConfig navigation = snapshot.lookup("eventlogging_NavigationTiming").orElseThrow();
        assertThat(navigation.isRegex()).isFalse();
        assertThat(navigation.topics()).containsExactly("eventlogging_NavigationTiming");
        assertThat(navigation.schemaTitle()).contains("analytics/legacy/navigationtiming");
        assertThat(snapshot.lookup("mediawiki.talk_page_edit")).isPresent();
        assertThat(snapshot.namedStreams()).hasSize(25);
    }
}
