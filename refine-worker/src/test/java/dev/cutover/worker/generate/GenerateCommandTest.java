package dev.cutover.worker.generate;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.cutover.protocol.Hour;
import dev.cutover.streamconfig.SnapshotParser;
import dev.cutover.worker.TestSpark;
import dev.cutover.worker.WorkerMain;
import dev.cutover.worker.cli.WorkerContext;
import dev.cutover.worker.raw.HourRange;
import dev.cutover.worker.raw.RawHour;
import dev.cutover.worker.raw.RawLayout;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GenerateCommandTest {

    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-22T12:00:00Z"), ZoneOffset.UTC);

    private static List<String> generate(Path raw, String stream, long seed) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        WorkerContext ctx = new WorkerContext(new PrintStream(out, true, StandardCharsets.UTF_8), System.err, CLOCK,
                s -> {
                    throw new AssertionError("generate must not start Spark");
                });
        int code = WorkerMain.run(new String[] {"generate", "--stream", stream, "--hours", "2026-11-22T00..2026-11-22T01",
                "--events-per-hour", "200", "--raw-dir", raw.toString(), "--duplicates", "0.1", "--canary", "0.1",
                "--corrupt", "0.02", "--seed", Long.toString(seed), "--config-source",
                TestSpark.productionConfig().toString(), "--schema-repo", TestSpark.schemas().toString()}, ctx);
        assertThat(code).isZero();
        return out.toString(StandardCharsets.UTF_8).lines().toList();
    }

    private static String content(Path gz) throws IOException {
        try (InputStream in = new GZIPInputStream(Files.newInputStream(gz))) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    @Test
    void writesGobblinLayoutWithFlagsForBothDatacenters(@TempDir Path raw) throws Exception {
        List<String> summary = generate(raw, "mediawiki.page-create", 7);
        assertThat(summary).hasSize(2);
        JsonNode first = new ObjectMapper().readTree(summary.get(0));
        assertThat(first.get("lines").asInt()).isEqualTo(200);
        assertThat(first.get("expected_rows").asInt()).isLessThan(200).isGreaterThan(100);
        var config = SnapshotParser.parse(Files.readAllBytes(TestSpark.productionConfig()), "prod", Optional.empty(),
                CLOCK.instant());
        List<RawHour> hours = new RawLayout(raw, config).discover(s -> true, HourRange.EPOCH, Hour.parse("2026-11-23T00"));
        assertThat(hours).hasSize(2).allMatch(RawHour::complete);
        assertThat(hours.get(0).datacenters()).containsExactly("codfw", "eqiad");
        assertThat(hours.get(0).stream()).isEqualTo("mediawiki.page-create");
        String lines = content(RawLayout.hourDir(raw, "eqiad.mediawiki.page-create", Hour.parse("2026-11-22T00"))
                .resolve("part-00000.json.gz"));
        JsonNode event = new ObjectMapper().readTree(lines.lines().filter(l -> l.contains("\"$schema\"")).findFirst().orElseThrow());
        assertThat(event.get("$schema").asText()).isEqualTo("/mediawiki/revision/create/2.0.0");
        assertThat(event.at("/meta/stream").asText()).isEqualTo("mediawiki.page-create");
        assertThat(event.get("dt").asText()).startsWith("2026-11-22T00:");
    }

    @Test
    void isDeterministicForASeed(@TempDir Path a, @TempDir Path b, @TempDir Path c) throws Exception {
        generate(a, "eventlogging_NavigationTiming", 42);
        generate(b, "eventlogging_NavigationTiming", 42);
        generate(c, "eventlogging_NavigationTiming", 43);
        Path file = RawLayout.hourDir(Path.of(""), "eventlogging_NavigationTiming", Hour.parse("2026-11-22T01"))
                .resolve("part-00000.json.gz");
        assertThat(content(a.resolve(file))).isEqualTo(content(b.resolve(file))).isNotEqualTo(content(c.resolve(file)));
    }

    @Test
    void leavesHoursWithoutTheFlagIncomplete(@TempDir Path raw) {
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        WorkerContext ctx = new WorkerContext(new PrintStream(new ByteArrayOutputStream()), new PrintStream(err), CLOCK,
                s -> null);
        int code = WorkerMain.run(new String[] {"generate", "--stream", "eventlogging_NavigationTiming", "--hours",
                "2026-11-22T03..2026-11-22T03", "--events-per-hour", "5", "--raw-dir", raw.toString(), "--no-imported",
                "--config-source", TestSpark.productionConfig().toString(), "--schema-repo", TestSpark.schemas().toString()}, ctx);
        assertThat(code).isZero();
        assertThat(RawLayout.hourDir(raw, "eventlogging_NavigationTiming", Hour.parse("2026-11-22T03"))
                .resolve(RawLayout.IMPORTED_FLAG)).doesNotExist();
    }

    @Test
    void rejectsBadUsageWithExitCodeTwo(@TempDir Path raw) {
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        WorkerContext ctx = new WorkerContext(new PrintStream(new ByteArrayOutputStream()),
                new PrintStream(err, true, StandardCharsets.UTF_8), CLOCK, s -> null);
        int code = WorkerMain.run(new String[] {"generate", "--stream", "no.such.stream", "--hours", "2026-11-22T00..2026-11-22T00",
                "--events-per-hour", "5", "--raw-dir", raw.toString(), "--config-source",
                TestSpark.productionConfig().toString(), "--schema-repo", TestSpark.schemas().toString()}, ctx);
        assertThat(code).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("no.such.stream").contains("--config-source");
    }
}
