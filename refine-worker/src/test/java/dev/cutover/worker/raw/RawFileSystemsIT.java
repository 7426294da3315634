package dev.cutover.worker.raw;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.cutover.protocol.Hour;
import dev.cutover.worker.Fixtures;
import dev.cutover.worker.TestSpark;
import dev.cutover.worker.WorkerMain;
import dev.cutover.worker.cli.WorkerContext;
import dev.cutover.worker.generate.RawGenerator;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystemNotFoundException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code refine --raw-dir} with a URI: raw hours are discovered and read through Hadoop's FileSystem API,
 * with {@code file://} and with a file system java.nio cannot reach (Hadoop's ViewFs, a mount table over a
 * local directory, the way clusters federate HDFS).
 */
class RawFileSystemsIT {

    private static final String NT = "eventlogging_NavigationTiming";

    private record Run(int code, String out, String err) {
    }

    private static Run refine(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        WorkerContext ctx = new WorkerContext(new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8), Fixtures.CLOCK, s -> TestSpark.get());
        List<String> all = new ArrayList<>(List.of("refine", "--job", "airflow"));
        all.addAll(List.of(args));
        all.addAll(List.of("--config-source", TestSpark.productionConfig().toString(), "--schema-repo",
                TestSpark.schemas().toString()));
        int code = WorkerMain.run(all.toArray(String[]::new), ctx);
        return new Run(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    private static List<JsonNode> reports(Run run) {
        ObjectMapper json = new ObjectMapper();
        return run.out().lines().map(l -> {
            try {
                return json.readTree(l);
            } catch (Exception e) {
                throw new IllegalStateException(l, e);
            }
        }).toList();
    }

    @Test
    void refinesRawHoursNamedByAFileUri(@TempDir Path raw, @TempDir Path state) {
        TestSpark.get().sql("CREATE DATABASE IF NOT EXISTS it_rawuri");
        List<RawGenerator.HourSummary> generated = Fixtures.generate(raw, NT, "2026-11-22T10", "2026-11-22T11", 60,
                0.1, 0.1, 0, 10);

        Run run = refine("--raw-dir", raw.toUri().toString(), "--database", "it_rawuri", "--since", "2026-11-22T10",
                "--until", "2026-11-22T12", "--stream", "NavigationTiming", "--state-dir", state.toString());

        assertThat(run.code()).as(run.err()).isZero();
        List<JsonNode> reports = reports(run);
        assertThat(reports).extracting(r -> r.get("hour").asText() + " " + r.get("status").asText())
                .containsExactly("2026-11-22T10 OK", "2026-11-22T11 OK");
        for (int i = 0; i < 2; i++) {
            assertThat(reports.get(i).get("rows").asLong()).isEqualTo(generated.get(i).expectedRows());
            assertThat(Fixtures.hour("it_rawuri", "navigationtiming", generated.get(i).hour()).count())
                    .isEqualTo(generated.get(i).expectedRows());
        }
        assertThat(reports.get(0).get("input_bytes").asLong()).isEqualTo(Fixtures.hours(raw).get(0).bytes())
                .isPositive();
    }

    @Test
    void refinesThroughAHadoopFileSystemJavaNioCannotReach(@TempDir Path raw, @TempDir Path state) {
        TestSpark.get().sql("CREATE DATABASE IF NOT EXISTS it_rawviewfs");
        List<RawGenerator.HourSummary> generated = Fixtures.generate(raw, "mediawiki.page-create", "2026-11-22T12",
                "2026-11-22T12", 80, 0, 0, 0, 12);
        Fixtures.generate(raw, "mediawiki.page-create", "2026-11-22T13", "2026-11-22T13", 10, 0, 0, 0, 13);
        String cluster = "rawit" + raw.getFileName().toString().replaceAll("[^A-Za-z0-9]", "").toLowerCase();
        String mount = "fs.viewfs.mounttable." + cluster + ".link./wmf/raw";
        String rawDir = "viewfs://" + cluster + "/wmf/raw";
        assertThatThrownBy(() -> Path.of(URI.create(rawDir))).as("java.nio has no such file system")
                .isInstanceOf(FileSystemNotFoundException.class);
        // The shared test session ignores --conf: give it the mount a session built with that --conf would have.
        Configuration session = TestSpark.get().sparkContext().hadoopConfiguration();
        session.set(mount, raw.toUri().toString());
        try {
            Run run = refine("--raw-dir", rawDir, "--conf", "spark.hadoop." + mount + "=" + raw.toUri(), "--database",
                    "it_rawviewfs", "--since", "2026-11-22T12", "--until", "2026-11-22T13", "--stream",
                    "^mediawiki\\.page-create$", "--state-dir", state.toString());

            assertThat(run.code()).as(run.err()).isZero();
            List<JsonNode> reports = reports(run);
            assertThat(reports).extracting(r -> r.get("hour").asText() + " " + r.get("status").asText())
                    .containsExactly("2026-11-22T12 OK");
            assertThat(reports.get(0).get("rows").asLong()).isEqualTo(generated.get(0).expectedRows());
            assertThat(Fixtures.hour("it_rawviewfs", "mediawiki_page_create", "2026-11-22T12")
                    .groupBy("datacenter").count().collectAsList()).extracting(r -> r.getString(0))
                    .containsExactlyInAnyOrder("eqiad", "codfw");

            RawLayout layout = new RawLayout(RawRoot.parse(rawDir), Fixtures.CONFIG, session);
            List<RawHour> hours = layout.discover(s -> true, Hour.parse("2026-11-22T12"), Hour.parse("2026-11-22T14"));
            assertThat(hours).extracting(h -> h.hour().toString()).containsExactly("2026-11-22T12", "2026-11-22T13");
            assertThat(hours.get(0).dirs()).allSatisfy(d -> assertThat(d.path().toString()).startsWith(rawDir + "/"));
            assertThat(hours.get(0).bytes()).isEqualTo(Fixtures.hours(raw).get(0).bytes());
            assertThat(reports.get(0).get("input_bytes").asLong()).isEqualTo(hours.get(0).bytes());
        } finally {
            session.unset(mount);
        }
    }

    @Test
    void anUnknownSchemeIsBadUsageNamingTheRawDir(@TempDir Path state) {
        Run run = refine("--raw-dir", "nosuchfs://bucket/raw", "--database", "it_rawuri", "--state-dir",
                state.toString());
        assertThat(run.code()).isEqualTo(2);
        assertThat(run.err()).contains("nosuchfs://bucket/raw").contains("no Hadoop FileSystem for scheme 'nosuchfs'");
    }
}
