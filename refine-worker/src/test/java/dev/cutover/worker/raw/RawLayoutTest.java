package dev.cutover.worker.raw;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cutover.protocol.Hour;
import dev.cutover.worker.Fixtures;
import dev.cutover.worker.TestSpark;
import dev.cutover.worker.WorkerMain;
import dev.cutover.worker.cli.WorkerContext;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Raw discovery through Hadoop's FileSystem API on local directories (no Spark). */
class RawLayoutTest {

    private static final String NT = "eventlogging_NavigationTiming";

    /** Writes {@code files} (name -> content) into {@code root/relative}; returns the directory. */
    private static Path dir(Path root, String relative, Map<String, String> files) throws IOException {
        Path dir = root.resolve(relative);
        Files.createDirectories(dir);
        for (Map.Entry<String, String> f : files.entrySet()) {
            Files.writeString(dir.resolve(f.getKey()), f.getValue());
        }
        return dir;
    }

    private static List<RawHour> discover(RawLayout layout, String from, String until) {
        return layout.discover(s -> true, Hour.parse(from), Hour.parse(until));
    }

    @Test
    void findsPaddedAndUnpaddedHoursInTheRangeWithTheirFlagAndDataBytes(@TempDir Path raw) throws Exception {
        dir(raw, NT + "/year=2026/month=5/day=1/hour=3", Map.of("part-0.json", "12345", "_IMPORTED", "",
                ".part-0.json.crc", "xx", "_SUCCESS", "abc"));
        dir(raw, NT + "/year=2026/month=05/day=31/hour=23", Map.of("part-0.json.gz", "1234567"));
        dir(raw, NT + "/year=2026/month=04/day=30/hour=23", Map.of("part-0.json", "x", "_IMPORTED", ""));
        dir(raw, NT + "/year=2026/month=13/day=01/hour=00", Map.of("part-0.json", "x", "_IMPORTED", ""));
        dir(raw, NT + "/year=2026/month=05/day=02/hour=24", Map.of("part-0.json", "x", "_IMPORTED", ""));
        dir(raw, "not_a_stream/year=2026/month=05/day=02/hour=01", Map.of("part-0.json", "x", "_IMPORTED", ""));
        dir(raw, "_tmp/year=2026/month=05/day=02/hour=01", Map.of("part-0.json", "x", "_IMPORTED", ""));
        Files.writeString(raw.resolve("README"), "a file at the top is not a stream");

        List<RawHour> hours = discover(new RawLayout(raw, Fixtures.CONFIG), "2026-05-01T03", "2026-06-01T00");

        assertThat(hours).extracting(h -> h.stream() + " " + h.hour() + " " + h.complete() + " " + h.bytes())
                .containsExactly(NT + " 2026-05-01T03 true 5", NT + " 2026-05-31T23 false 7");
        assertThat(hours.get(0).hasDatacenters()).isFalse();
        assertThat(hours.get(0).mtime()).isEqualTo(Files.list(raw.resolve(NT + "/year=2026/month=5/day=1/hour=3"))
                .mapToLong(p -> p.toFile().lastModified()).max().orElseThrow());
        assertThat(hours.get(0).dirs().get(0).path().toString())
                .isEqualTo("file:" + raw.toAbsolutePath() + "/" + NT + "/year=2026/month=5/day=1/hour=3");
    }

    @Test
    void anHourWasMarkedCompleteWhenItsLastImportedFlagWasWritten(@TempDir Path raw) throws Exception {
        Path eqiad = dir(raw, "eqiad.mediawiki.page-create/year=2026/month=11/day=22/hour=00",
                Map.of("a.json", "123", "_IMPORTED", ""));
        Path codfw = dir(raw, "codfw.mediawiki.page-create/year=2026/month=11/day=22/hour=00",
                Map.of("a.json", "45", "_IMPORTED", ""));
        java.time.Instant first = java.time.Instant.parse("2026-11-22T01:05:00Z");
        java.time.Instant last = java.time.Instant.parse("2026-11-22T01:20:00Z");
        Files.setLastModifiedTime(eqiad.resolve("_IMPORTED"), java.nio.file.attribute.FileTime.from(first));
        Files.setLastModifiedTime(codfw.resolve("_IMPORTED"), java.nio.file.attribute.FileTime.from(last));
        Files.setLastModifiedTime(codfw.resolve("a.json"), java.nio.file.attribute.FileTime.from(
                last.plusSeconds(3600)));

        RawHour hour = discover(new RawLayout(raw, Fixtures.CONFIG), "2026-11-22T00", "2026-11-22T01").get(0);

        assertThat(hour.completedAt()).as("the flags' times, not a data file's").contains(last);
    }

    @Test
    void theDatacenterDirectoriesOfAStreamMakeOneHourCompleteOnlyWhenAllAreFlagged(@TempDir Path raw) throws Exception {
        dir(raw, "eqiad.mediawiki.page-create/year=2026/month=11/day=22/hour=00", Map.of("a.json", "123", "_IMPORTED", ""));
        dir(raw, "codfw.mediawiki.page-create/year=2026/month=11/day=22/hour=00", Map.of("a.json", "45", "_IMPORTED", ""));
        dir(raw, "eqiad.mediawiki.page-create/year=2026/month=11/day=22/hour=01", Map.of("a.json", "123", "_IMPORTED", ""));
        dir(raw, "codfw.mediawiki.page-create/year=2026/month=11/day=22/hour=01", Map.of("a.json", "45"));

        List<RawHour> hours = discover(new RawLayout(raw, Fixtures.CONFIG), "2026-11-22T00", "2026-11-23T00");

        assertThat(hours).hasSize(2);
        assertThat(hours.get(0).datacenters()).containsExactly("codfw", "eqiad");
        assertThat(hours.get(0).dirs()).extracting(d -> d.datacenter().orElseThrow()).containsExactly("codfw", "eqiad");
        assertThat(hours.get(0).bytes()).isEqualTo(5);
        assertThat(hours.get(0).complete()).isTrue();
        assertThat(hours.get(1).complete()).isFalse();
    }

    @Test
    void listsOnlyTheYearMonthDayAndHourDirectoriesThatOverlapTheRange(@TempDir Path raw) throws Exception {
        for (String hour : List.of("2025/month=12/day=31/hour=23", "2026/month=01/day=01/hour=00",
                "2026/month=01/day=01/hour=01", "2026/month=01/day=01/hour=02", "2026/month=01/day=02/hour=01",
                "2026/month=03/day=10/hour=05")) {
            dir(raw, NT + "/year=" + hour, Map.of("part-0.json", "x", "_IMPORTED", ""));
        }
        dir(raw, "eventlogging_CentralNoticeImpression/year=2026/month=01/day=01/hour=01", Map.of("part-0.json", "x"));
        Path root = raw.toAbsolutePath();
        RawLayout layout = new RawLayout(RawRoot.parse(ListingRecorderFileSystem.SCHEME + "://" + root), Fixtures.CONFIG,
                ListingRecorderFileSystem.configuration());
        ListingRecorderFileSystem.LISTED.clear();

        List<RawHour> hours = layout.discover(NT::equals, Hour.parse("2026-01-01T01"), Hour.parse("2026-01-01T02"));

        assertThat(hours).extracting(h -> h.hour().toString()).containsExactly("2026-01-01T01");
        assertThat(hours.get(0).dirs().get(0).path().toUri().getScheme()).isEqualTo(ListingRecorderFileSystem.SCHEME);
        String stream = root + "/" + NT;
        assertThat(ListingRecorderFileSystem.LISTED).containsExactly(root.toString(), stream, stream + "/year=2026",
                stream + "/year=2026/month=01", stream + "/year=2026/month=01/day=01",
                stream + "/year=2026/month=01/day=01/hour=01");
    }

    @Test
    void aMissingRootOrAFileIsAClearErrorNamingIt(@TempDir Path dir) throws Exception {
        Path missing = dir.resolve("no-such-raw");
        RawLayout layout = new RawLayout(missing, Fixtures.CONFIG);
        assertThat(layout.exists()).isFalse();
        assertThatThrownBy(() -> discover(layout, "2026-01-01T00", "2026-01-02T00"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("raw directory " + missing + " does not exist; pass --raw-dir");
        Path file = Files.writeString(dir.resolve("a-file"), "not a directory");
        RawLayout onFile = new RawLayout(RawRoot.parse(file.toUri().toString()), Fixtures.CONFIG, new Configuration());
        assertThat(onFile.exists()).isFalse();
        assertThatThrownBy(() -> discover(onFile, "2026-01-01T00", "2026-01-02T00"))
                .hasMessage("raw directory " + file + " does not exist; pass --raw-dir");
        assertThat(new RawLayout(dir, Fixtures.CONFIG).exists()).isTrue();
    }

    @Test
    void rawDirIsAPlainLocalPathOrAHadoopUri(@TempDir Path dir) {
        RawRoot relative = RawRoot.parse("raw/event");
        assertThat(relative.localPath()).contains(Path.of(System.getProperty("user.dir"), "raw/event"));
        assertThat(relative.scheme()).isEqualTo("file");
        assertThat(RawRoot.parse(dir + "/")).isEqualTo(RawRoot.local(dir));
        assertThat(RawRoot.parse(dir + "/").toString()).isEqualTo(dir.toString());
        assertThat(RawRoot.parse(dir.toUri().toString())).isEqualTo(RawRoot.local(dir));
        RawRoot hdfs = RawRoot.parse("hdfs:///wmf/data/raw/event");
        assertThat(hdfs.scheme()).isEqualTo("hdfs");
        assertThat(hdfs.localPath()).isEmpty();
        assertThat(hdfs.toString()).isEqualTo("hdfs:///wmf/data/raw/event");
        assertThat(RawRoot.parse("s3a://bucket/raw/").toString()).isEqualTo("s3a://bucket/raw");
        assertThatThrownBy(() -> RawRoot.parse(" ")).hasMessageContaining("--raw-dir is empty");
    }

    @Test
    void aSchemeWithoutAHadoopFileSystemIsAClearError() {
        assertThatThrownBy(() -> new RawLayout(RawRoot.parse("nosuchfs://bucket/raw"), Fixtures.CONFIG,
                new Configuration()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("raw directory nosuchfs://bucket/raw").hasMessageContaining("scheme 'nosuchfs'")
                .hasMessageContaining("--conf spark.hadoop.fs.nosuchfs.impl=");
        assertThat(new RawLayout(RawRoot.parse("hdfs:///wmf/data/raw/event"), Fixtures.CONFIG, new Configuration())
                .root().scheme()).as("an hdfs root needs no connection until it is listed").isEqualTo("hdfs");
    }

    @Test
    void generateWritesLocalDirectoriesOnlyAndSaysHowToGetThemUp(@TempDir Path raw) {
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        WorkerContext ctx = new WorkerContext(new PrintStream(new ByteArrayOutputStream()),
                new PrintStream(err, true, StandardCharsets.UTF_8), Fixtures.CLOCK, s -> null);
        String[] common = {"generate", "--stream", NT, "--hours", "2026-11-22T03..2026-11-22T03", "--events-per-hour",
            "5", "--config-source", TestSpark.productionConfig().toString(), "--schema-repo", TestSpark.schemas().toString()};
        List<String> toHdfs = new ArrayList<>(List.of(common));
        toHdfs.addAll(List.of("--raw-dir", "hdfs:///wmf/data/raw/event"));
        assertThat(WorkerMain.run(toHdfs.toArray(String[]::new), ctx)).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("hdfs:///wmf/data/raw/event").contains("local");
        List<String> toFileUri = new ArrayList<>(List.of(common));
        toFileUri.addAll(List.of("--raw-dir", raw.toUri().toString()));
        assertThat(WorkerMain.run(toFileUri.toArray(String[]::new), ctx)).isZero();
        assertThat(discover(new RawLayout(raw, Fixtures.CONFIG), "2026-11-22T03", "2026-11-22T04"))
                .singleElement().matches(RawHour::complete);
    }

    @Test
    void theHadoopConfigurationBeforeTheSessionTakesTheSparkHadoopSettings() {
        String key = "spark.hadoop.cutover.test.rawlayout";
        System.setProperty(key, "from-spark-submit");
        System.setProperty(key + ".kept", "from-spark-submit");
        try {
            Configuration conf = HadoopConf.fromSpark(Map.of(key, "from-conf", "spark.master", "local[2]",
                    "hive.metastore.uris", "thrift://x"));
            assertThat(conf.get("cutover.test.rawlayout")).isEqualTo("from-conf");
            assertThat(conf.get("cutover.test.rawlayout.kept")).isEqualTo("from-spark-submit");
            assertThat(conf.get("master")).isNull();
            assertThat(conf.get("fs.defaultFS")).as("core-default.xml is loaded").isEqualTo("file:///");
        } finally {
            System.clearProperty(key);
            System.clearProperty(key + ".kept");
        }
    }
}
