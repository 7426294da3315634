package dev.cutover.streamconfig;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cutover.streamconfig.testing.Fixtures;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class StreamConfigTest {

    private static StreamConfig stream(String enabledJson) throws Exception {
        ObjectNode settings = (ObjectNode) Fixtures.JSON.readTree(
                "{\"consumers\": {\"analytics_hive_ingestion\": {\"enabled\": " + enabledJson + "}}}");
        return new StreamConfig("s", settings);
    }

    @ParameterizedTest(name = "enabled = {0} reads as {1}")
    @CsvSource(delimiter = '|', value = {
        "true   | true", "false  | false", "\"1\"  | true", "\"\"   | false", "1      | true", "0      | false",
        "\"0\"  | false", "null   | false", "\"false\" | true", "0.0 | false", "[] | false", "[1] | true",
        "{}     | false"})
    void readsHiveIngestionEnabledAsPhpCastsToBoolean(String json, boolean expected) throws Exception {
        assertThat(stream(json).hiveIngestionEnabled()).isEqualTo(expected);
    }

    @Test
    void readsAbsentIngestionSettingsAsNotEnabled() throws Exception {
        assertThat(new StreamConfig("s", Fixtures.JSON.createObjectNode()).hiveIngestionEnabled()).isFalse();
    }

    @Test
    void exposesTypedSettingsAndAnySettingByPointer() throws Exception {
        Snapshot sample = SnapshotParser.parse(Fixtures.bytes(Fixtures.sample()), "sample", Optional.empty(),
                Instant.EPOCH);
        StreamConfig pageview = sample.streams().get("pageview.v1");
        StreamConfig tick = sample.streams().get("mediawiki.client.session_tick");

        assertThat(sample.streams().values()).anySatisfy(c -> assertThat(c.ingestionScale()).isPresent());
        assertThat(pageview.topics()).isNotEmpty();
        assertThat(tick.setting("/consumers/analytics_hive_ingestion/enabled")).isPresent();
        assertThat(tick.setting("/no/such/setting")).isEmpty();
        assertThat(tick.hiveDatabase()).isEmpty();
    }

    @Test
    void isImmutable() throws Exception {
        ObjectNode settings = (ObjectNode) Fixtures.JSON.readTree("{\"schema_title\": \"a\"}");
        StreamConfig config = new StreamConfig("s", settings);
        settings.put("schema_title", "changed");
        config.settings().put("schema_title", "changed too");

        assertThat(config.schemaTitle()).contains("a");
    }

    @Test
    void rejectsContentWithoutStreamsOrWithAnInvalidRegexKeyNamingTheOrigin() {
        assertThatThrownBy(() -> SnapshotParser.parse("{\"streams\": {}}".getBytes(StandardCharsets.UTF_8), "x.json",
                Optional.empty(), Instant.EPOCH)).isInstanceOf(ConfigParseException.class).hasMessageContaining("x.json")
                .hasMessageContaining("no streams");
        assertThatThrownBy(() -> SnapshotParser.parse("{\"streams\": {\"/a(/\": {}}}".getBytes(StandardCharsets.UTF_8),
                "y.json", Optional.empty(), Instant.EPOCH)).isInstanceOf(ConfigParseException.class)
                .hasMessageContaining("not a valid regex");
    }

    private static StreamConfig key(String key) {
        return new StreamConfig(key, Fixtures.JSON.createObjectNode());
    }

    @Test
    void readsAKeyWithPhpModifiersAsARegexAsEventStreamConfigDoes() {
        StreamConfig caseless = key("/^mediawiki\\.job\\./i");
        StreamConfig anchored = key("/job/A");
        StreamConfig slashes = key("/^a\\/b$/");

        assertThat(caseless.isRegex()).isTrue();
        assertThat(caseless.matches("MediaWiki.Job.refreshLinks")).isTrue();
        assertThat(caseless.matches("other.mediawiki.job.x")).isFalse();
        assertThat(anchored.matches("job.x")).isTrue();
        assertThat(anchored.matches("a.job")).isFalse();
        assertThat(key("/job/").matches("a.job")).isTrue();
        assertThat(key("/a . b/x").matches("a.b")).isTrue();
        assertThat(slashes.matches("a/b")).isTrue();
    }

    @Test
    void looksUpAStreamThroughAModifierRegexKey() throws Exception {
        Snapshot snapshot = SnapshotParser.parse(("{\"streams\": {\"/^mediawiki\\\\.job\\\\./i\": {\"schema_title\":"
                + " \"mediawiki/job\"}}}").getBytes(StandardCharsets.UTF_8), "m.json", Optional.empty(), Instant.EPOCH);

        assertThat(snapshot.lookup("MEDIAWIKI.job.x").map(StreamConfig::name)).contains("/^mediawiki\\.job\\./i");
        assertThat(snapshot.namedStreams()).isEmpty();
    }

    @Test
    void rejectsAKeyStartingWithASlashThatIsNotAValidPhpRegex() {
        assertThatThrownBy(() -> key("/mediawiki.job")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("/mediawiki.job").hasMessageContaining("no closing '/'");
        assertThatThrownBy(() -> key("/a/b/")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'b' is not a PHP regex modifier");
        assertThatThrownBy(() -> key("/a+/U")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'U' is not supported").hasMessageContaining("rewrite the regex without it");
        assertThatThrownBy(() -> key("/a(/i")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("not a valid regex");
    }
}
