package dev.cutover.streamconfig.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.JsonPointer;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.TextNode;
import dev.cutover.streamconfig.source.OverrideLayer;
import dev.cutover.streamconfig.testing.Fixtures;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StreamsCommandTest {

    private static final JsonPointer FLAG = JsonPointer.compile("/consumers/analytics_hive_ingestion/hive_database");
    private static final String PRODUCTION = Fixtures.productionAll().toString();

    @TempDir
    Path dir;

    private static JsonNode json(CliRun run) throws Exception {
        assertThat(run.exitCode()).as(run.err()).isZero();
        return Fixtures.JSON.readTree(run.out());
    }

    private static JsonNode row(JsonNode rows, String stream) {
        return StreamSupport.stream(rows.spliterator(), false).filter(r -> r.get("stream").asText().equals(stream))
                .findFirst().orElseThrow(() -> new AssertionError("no row for " + stream));
    }

    @Test
    void listsEveryProductionStreamAsJsonWithTheAgreedKeys() throws Exception {
        JsonNode rows = json(CliRun.of("streams", "--config-source", PRODUCTION, "--json"));

        assertThat(rows.isArray()).isTrue();
        assertThat(rows).hasSize(244);
        for (JsonNode row : rows) {
            List<String> keys = new ArrayList<>();
            row.fieldNames().forEachRemaining(keys::add);
            assertThat(keys).containsExactly("stream", "table", "managed", "flag", "leader", "databases", "problems");
            assertThat(row.get("problems").isArray()).isTrue();
        }
        JsonNode navigation = row(rows, "eventlogging_NavigationTiming");
        assertThat(navigation.get("table").asText()).isEqualTo("navigationtiming");
        assertThat(navigation.get("managed").asBoolean()).isTrue();
        assertThat(navigation.get("flag").isNull()).isTrue();
        assertThat(navigation.get("leader").asText()).isEqualTo("legacy");
        assertThat(navigation.get("databases")).isEqualTo(
                Fixtures.JSON.readTree("{\"legacy\": \"event\", \"airflow\": \"event_airflow\"}"));
        assertThat(navigation.get("problems")).isEmpty();
        assertThat(StreamSupport.stream(rows.spliterator(), false).filter(r -> r.get("managed").asBoolean())).hasSize(220);

        JsonNode jobs = row(rows, "/^mediawiki\\.job\\..+/");
        assertThat(jobs.get("table").isNull()).isTrue();
        assertThat(jobs.get("managed").asBoolean()).isFalse();
        assertThat(jobs.get("leader").isNull()).isTrue();
        assertThat(jobs.get("databases")).isEmpty();
        assertThat(row(rows, "eventlogging_InukaPageView").get("managed").asBoolean()).isFalse();
    }

    @Test
    void printsAnAlignedTableWithASummaryAndTheRegexNote() {
        CliRun run = CliRun.of("--config-source", PRODUCTION);

        assertThat(run.exitCode()).isZero();
        List<String> lines = run.out().lines().toList();
        String header = lines.get(0);
        String navigation = lines.stream().filter(l -> l.startsWith("eventlogging_NavigationTiming ")).findFirst()
                .orElseThrow();
        String jobs = lines.stream().filter(l -> l.startsWith("/^mediawiki")).findFirst().orElseThrow();
        assertThat(header).startsWith("STREAM").contains("TABLE", "MANAGED", "FLAG", "LEADER", "DATABASES", "PROBLEMS");
        assertThat(navigation.indexOf("navigationtiming")).isEqualTo(header.indexOf("TABLE"));
        assertThat(navigation.indexOf("yes")).isEqualTo(header.indexOf("MANAGED"));
        assertThat(navigation.indexOf("legacy=event airflow=event_airflow")).isEqualTo(header.indexOf("DATABASES"));
        assertThat(jobs.charAt(header.indexOf("TABLE"))).isEqualTo('-');
        assertThat(lines).hasSize(1 + 244 + 3);
        assertThat(run.out()).contains("244 entries", "242 streams, 2 regex keys", "220 managed", "0 with problems",
                StreamsCommand.REGEX_NOTE);
        assertThat(run.err()).isEmpty();
    }

    @Test
    void exitsWithTwoAndOneLineWhenTheFileIsMissing() {
        CliRun run = CliRun.of("streams", "--config-source", dir.resolve("missing.json").toString());

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.out()).isEmpty();
        assertThat(run.err().lines()).singleElement().asString().contains("missing.json", "not found");
    }

    @Test
    void exitsWithTwoWhenTheContentIsInvalidOrHasNoStreams() {
        for (String content : new String[] {"{\"streams\": ", "{\"streams\": {}}", "[]"}) {
            Path file = dir.resolve("bad.json");
            Fixtures.write(file, content.getBytes(StandardCharsets.UTF_8));

            CliRun run = CliRun.of("--config-source", file.toString(), "--json");

            assertThat(run.exitCode()).as(content).isEqualTo(2);
            assertThat(run.err().lines()).as(content).singleElement().asString().contains("bad.json");
        }
    }

    @Test
    void showsOverridesWithTheirLeadersAndInvalidFlagsAsProblemsOfThatStreamOnly() throws Exception {
        Path overrides = dir.resolve("overrides.json");
        OverrideLayer layer = OverrideLayer.open(overrides, Clock.systemUTC());
        layer.set("eventlogging_NavigationTiming", FLAG, TextNode.valueOf("event"), "alice", "promote");
        layer.set("eventlogging_EditAttemptStep", FLAG, TextNode.valueOf("event_bogus"), "bob", "typo");
        layer.set("eventlogging_Nonexistent", FLAG, TextNode.valueOf("event"), "bob", "typo in name");

        CliRun run = CliRun.of("--config-source", PRODUCTION, "--override", overrides.toString(), "--json");
        JsonNode rows = json(run);

        JsonNode navigation = row(rows, "eventlogging_NavigationTiming");
        assertThat(navigation.get("flag").asText()).isEqualTo("event");
        assertThat(navigation.get("leader").asText()).isEqualTo("airflow");
        assertThat(navigation.get("databases")).isEqualTo(
                Fixtures.JSON.readTree("{\"legacy\": \"event_systemd\", \"airflow\": \"event\"}"));
        JsonNode edit = row(rows, "eventlogging_EditAttemptStep");
        assertThat(edit.get("leader").isNull()).isTrue();
        assertThat(edit.get("problems")).singleElement().extracting(JsonNode::asText).asString()
                .contains("event_bogus", "[event, event_airflow]");
        assertThat(StreamSupport.stream(rows.spliterator(), false).filter(r -> !r.get("problems").isEmpty())).hasSize(1);
        assertThat(rows).hasSize(244);
        assertThat(run.err()).contains("warning:", "eventlogging_Nonexistent", "not applied");
    }

    @Test
    void showsAStreamWithNoUsableTableNameAsAProblemOfThatStreamOnly() throws Exception {
        Path file = dir.resolve("degenerate.json");
        Fixtures.write(file, ("{\"streams\": {\"eventlogging_\": {\"consumers\": {\"analytics_hive_ingestion\":"
                + " {\"enabled\": true, \"hive_database\": \"event\"}}},"
                + " \"mediawiki.page-create\": {\"consumers\": {\"analytics_hive_ingestion\": {\"enabled\": true}}}}}")
                .getBytes(StandardCharsets.UTF_8));

        JsonNode rows = json(CliRun.of("--config-source", file.toString(), "--json"));
        CliRun text = CliRun.of("--config-source", file.toString());

        JsonNode bad = row(rows, "eventlogging_");
        assertThat(bad.get("table").isNull()).isTrue();
        assertThat(bad.get("managed").asBoolean()).isTrue();
        assertThat(bad.get("flag").asText()).isEqualTo("event");
        assertThat(bad.get("leader").isNull()).isTrue();
        assertThat(bad.get("databases")).isEmpty();
        assertThat(bad.get("problems")).singleElement().extracting(JsonNode::asText).asString()
                .contains("eventlogging_", "no usable table name", "'eventlogging_' prefix");
        JsonNode good = row(rows, "mediawiki.page-create");
        assertThat(good.get("table").asText()).isEqualTo("mediawiki_page_create");
        assertThat(good.get("problems")).isEmpty();
        assertThat(text.exitCode()).as(text.err()).isZero();
        assertThat(text.out().lines().filter(l -> l.startsWith("eventlogging_ "))).singleElement().asString()
                .matches("eventlogging_\\s+-\\s+yes\\s+event\\s+-\\s+-\\s+.*no usable table name.*");
        assertThat(text.out()).contains("2 entries", "1 with problems");
    }

    @Test
    void usesTheConfiguredJobsAndDatabases() throws Exception {
        JsonNode rows = json(CliRun.of("--config-source", PRODUCTION, "--json", "--legacy-job", "systemd",
                "--new-job", "dag", "--new-database", "event_dag", "--legacy-database", "event_old"));

        assertThat(row(rows, "eventlogging_NavigationTiming").get("leader").asText()).isEqualTo("systemd");
        assertThat(row(rows, "eventlogging_NavigationTiming").get("databases")).isEqualTo(
                Fixtures.JSON.readTree("{\"systemd\": \"event\", \"dag\": \"event_dag\"}"));
    }

    @Test
    void rejectsInvalidSettingsAndAMissingOverrideFileWithExitCodeTwo() {
        CliRun badDatabase = CliRun.of("--config-source", PRODUCTION, "--production-database", "event;drop");
        CliRun sameJobs = CliRun.of("--config-source", PRODUCTION, "--legacy-job", "x", "--new-job", "x");
        CliRun noOverride = CliRun.of("--config-source", PRODUCTION, "--override", dir.resolve("none.json").toString());
        CliRun otherCommand = CliRun.of("status", "--config-source", PRODUCTION);
        CliRun noSource = CliRun.of("streams");

        assertThat(badDatabase.exitCode()).isEqualTo(2);
        assertThat(badDatabase.err()).contains("--production-database", "event;drop");
        assertThat(sameJobs.exitCode()).isEqualTo(2);
        assertThat(sameJobs.err()).contains("different names");
        assertThat(noOverride.exitCode()).isEqualTo(2);
        assertThat(noOverride.err()).contains("none.json", "--override");
        assertThat(otherCommand.exitCode()).isEqualTo(2);
        assertThat(noSource.exitCode()).isEqualTo(2);
        assertThat(noSource.err()).contains("--config-source");
    }

    @Test
    void showsARegexKeyThatGivesUpOnANameAsAProblemOfThatKeyWithoutStalling() throws Exception {
        // F9: /^(a+)+\1$/ against this 32-character name took about 64 s.
        String name = "a".repeat(31) + "!";
        Path file = dir.resolve("redos.json");
        Fixtures.write(file, ("{\"streams\": {\"/^(a+)+\\\\1$/\": {\"schema_title\": \"x\"},"
                + " \"mediawiki.page-create\": {\"consumers\": {\"analytics_hive_ingestion\": {\"enabled\": true}}}}}")
                .getBytes(StandardCharsets.UTF_8));
        Path overrides = dir.resolve("overrides.json");
        OverrideLayer.open(overrides, Clock.systemUTC()).set(name, FLAG, TextNode.valueOf("event"), "alice", "T9");

        CliRun run = org.junit.jupiter.api.Assertions.assertTimeoutPreemptively(java.time.Duration.ofSeconds(10),
                () -> CliRun.of("--config-source", file.toString(), "--override", overrides.toString(), "--json"));
        JsonNode rows = json(run);

        assertThat(row(rows, "/^(a+)+\\1$/").get("problems")).singleElement().extracting(JsonNode::asText).asString()
                .contains("/^(a+)+\\1$/", "gave up", "'" + name + "'");
        assertThat(row(rows, "mediawiki.page-create").get("problems")).isEmpty();
        assertThat(run.err()).contains("warning:", name, "not applied");
    }

    @Test
    void showsManagedStreamsThatShareATableAsProblemsNamingEachOther() throws Exception {
        // F10: all of these map to the Hive table a_b; they were listed as managed with no problem.
        String on = "{\"consumers\": {\"analytics_hive_ingestion\": {\"enabled\": true}}}";
        Path file = dir.resolve("collisions.json");
        Fixtures.write(file, ("{\"streams\": {\"a/b\": " + on + ", \"a-b\": " + on + ", \"a_b\": " + on
                + ", \"mediawiki.page-create\": " + on + "}}").getBytes(StandardCharsets.UTF_8));

        JsonNode rows = json(CliRun.of("--config-source", file.toString(), "--json"));
        CliRun text = CliRun.of("--config-source", file.toString());

        for (String stream : new String[] {"a/b", "a-b", "a_b"}) {
            JsonNode row = row(rows, stream);
            assertThat(row.get("table").asText()).isEqualTo("a_b");
            assertThat(row.get("leader").isNull()).as(stream).isTrue();
            assertThat(row.get("problems")).singleElement().extracting(JsonNode::asText).asString()
                    .contains("stream " + stream + ":", "table a_b");
        }
        assertThat(row(rows, "a/b").get("problems").get(0).asText()).contains("a-b, a_b");
        assertThat(row(rows, "mediawiki.page-create").get("problems")).isEmpty();
        assertThat(text.out()).contains("4 entries", "3 with problems");
    }
}
