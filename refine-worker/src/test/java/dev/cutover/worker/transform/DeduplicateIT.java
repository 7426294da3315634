package dev.cutover.worker.transform;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cutover.worker.Fixtures;
import dev.cutover.worker.TestSpark;
import dev.cutover.worker.WorkerRun;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code deduplicate} against the peer's TestTransformFunctions ("deduplicate based on ..."), first on small
 * DataFrames shaped like the peer's test events, then through the real path: raw JSON lines of
 * NavigationTiming (a legacy EventLogging schema with both {@code meta.id} and {@code uuid}) refined by
 * {@code ./cutover refine} and read back from the Hive table.
 */
class DeduplicateIT {

    private static final String NT = "eventlogging_NavigationTiming";
    /** The peer's TestEvent / TestLegacyEventLoggingMigrationEvent, as far as deduplicate looks at them. */
    private static final String EVENT = "meta STRUCT<id: STRING, dt: STRING, request_id: STRING, uri: STRING,"
            + " domain: STRING>, uuid STRING, webHost STRING, greeting STRING";
    /** The peer's TestLegacyEventLoggingEvent: no meta at all. */
    private static final String LEGACY = "uuid STRING, webHost STRING, ip STRING, greeting STRING";
    private static final ObjectMapper JSON = new ObjectMapper();

    private static Dataset<Row> df(String ddl, String... lines) {
        SparkSession spark = TestSpark.get();
        return spark.read().schema(ddl).json(spark.createDataset(List.of(lines), Encoders.STRING()));
    }

    private static List<String> greetings(Dataset<Row> ds) {
        return ds.select("greeting").as(Encoders.STRING()).collectAsList().stream().sorted().toList();
    }

    private static String event(String id, String dt, String greeting) {
        return "{\"meta\": {\"id\": " + quoted(id) + ", \"dt\": " + quoted(dt) + ", \"domain\": \"test.wikipedia.org\"},"
                + " \"greeting\": \"" + greeting + "\"}";
    }

    private static String quoted(String s) {
        return s == null ? "null" : "\"" + s + "\"";
    }

    @Test
    void deduplicatesLegacyEventLoggingEventsOnUuid() {
        // peer: "deduplicate based on `uuid`" (legacyEventLoggingEvent1 twice, legacyEventLoggingEvent2): 2 rows
        Dataset<Row> out = Transforms.deduplicate(df(LEGACY,
                "{\"uuid\": \"id1\", \"webHost\": \"test.wikipedia.org\", \"ip\": \"81.2.69.160\", \"greeting\": \"a\"}",
                "{\"uuid\": \"id1\", \"webHost\": \"test.wikipedia.org\", \"ip\": \"81.2.69.160\", \"greeting\": \"a\"}",
                "{\"uuid\": \"id2\", \"webHost\": \"test.wikipedia.org\", \"ip\": \"81.2.69.160\", \"greeting\": \"b\"}"));
        assertThat(greetings(out)).containsExactly("a", "b");
    }

    @Test
    void deduplicatesEventPlatformEventsOnMetaId() {
        // peer: "deduplicate based on `meta.id`" (event1 twice, event2): 2 rows
        Dataset<Row> out = Transforms.deduplicate(df(EVENT, event("id1", "2020-04-01T00:00:00Z", "a"),
                event("id1", "2020-04-01T00:00:00Z", "a"), event("id2", "2020-04-02T00:00:00Z", "b")));
        assertThat(greetings(out)).containsExactly("a", "b");
    }

    @Test
    void neverRemovesRowsWithoutAnyId() {
        // peer: "deduplicate based on `meta.id`, not removing rows with null `meta.id`": 4 of 5 rows
        Dataset<Row> out = Transforms.deduplicate(df(EVENT, event("id1", "2020-04-01T00:00:00Z", "a"),
                event("id1", "2020-04-01T00:00:00Z", "a"), event(null, "2020-01-01T00:00:00Z", "n"),
                event(null, "2020-01-01T00:00:00Z", "n"), event(null, "2020-01-01T00:00:00Z", "n")));
        assertThat(greetings(out)).containsExactly("a", "n", "n", "n");
    }

    @Test
    void deduplicatesOnMetaIdOrElseUuidInOneDataset() {
        // peer: "deduplicate based on `meta.id` or `uuid`" (a migrated event twice, an unmigrated one twice): 2 rows
        Dataset<Row> out = Transforms.deduplicate(df(EVENT,
                "{\"meta\": {\"id\": \"id1\", \"dt\": \"2020-04-01T00:00:00Z\"}, \"greeting\": \"hello migrated\"}",
                "{\"meta\": {\"id\": \"id1\", \"dt\": \"2020-04-01T00:00:00Z\"}, \"greeting\": \"hello migrated\"}",
                "{\"uuid\": \"id2\", \"webHost\": \"test.wikipedia.org\", \"greeting\": \"hello unmigrated\"}",
                "{\"uuid\": \"id2\", \"webHost\": \"test.wikipedia.org\", \"greeting\": \"hello unmigrated\"}"));
        assertThat(greetings(out)).containsExactly("hello migrated", "hello unmigrated");
    }

    @Test
    void keepsTheRowWithTheLatestMetaDtWhateverTheInputOrder() {
        // peer: "deduplicate over a sorted DF to keep a single line in a deterministic manner": dt3 is kept
        String dt1 = event("id1", "2020-04-01T00:00:01Z", "dt1");
        String dt2 = event("id1", "2020-04-01T00:00:02Z", "dt2");
        String dt3 = event("id1", "2020-04-01T00:00:03Z", "dt3");
        assertThat(greetings(Transforms.deduplicate(df(EVENT, dt2, dt1, dt3)))).containsExactly("dt3");
        assertThat(greetings(Transforms.deduplicate(df(EVENT, dt3, dt2, dt1)))).containsExactly("dt3");
    }

    @Test
    void breaksDtTiesOnTheGreatestRequestIdThenUriAsThePeersSortColumnsSay() {
        Dataset<Row> out = Transforms.deduplicate(df(EVENT,
                "{\"meta\": {\"id\": \"a\", \"dt\": \"t\", \"request_id\": \"r1\", \"uri\": \"u9\"}, \"greeting\": \"r1\"}",
                "{\"meta\": {\"id\": \"a\", \"dt\": \"t\", \"request_id\": \"r2\", \"uri\": \"u1\"}, \"greeting\": \"r2\"}",
                "{\"meta\": {\"id\": \"b\", \"dt\": \"t\", \"uri\": \"u1\"}, \"greeting\": \"u1\"}",
                "{\"meta\": {\"id\": \"b\", \"dt\": \"t\", \"uri\": \"u2\"}, \"greeting\": \"u2\"}",
                "{\"meta\": {\"id\": \"c\", \"dt\": null}, \"greeting\": \"no dt\"}",
                "{\"meta\": {\"id\": \"c\", \"dt\": \"t\"}, \"greeting\": \"dt\"}"));
        assertThat(greetings(out)).containsExactly("dt", "r2", "u2");
    }

    @Test
    void comparesMetaDtAsTextLikeThePeerUnlessAskedToCompareInstants() {
        // the peer's Hive refine reads date-times as strings: "...:01Z" > "...:01.5Z" as text
        String[] rows = {event("a", "2026-01-01T00:00:01Z", "01"), event("a", "2026-01-01T00:00:01.5Z", "01.5"),
            event("b", "not a time", "unparseable"), event("b", "2026-01-01T00:00:00Z", "00")};
        assertThat(greetings(Transforms.deduplicate(df(EVENT, rows)))).containsExactly("01", "unparseable");
        Transform instants = Transforms.byName("deduplicate", List.of(Deduplicate.DT_AS_TIMESTAMP));
        assertThat(greetings(instants.apply(df(EVENT, rows)))).containsExactly("00", "01.5");
        assertThatThrownBy(() -> Transforms.byName("deduplicate", List.of("by_uri")))
                .hasMessageContaining("by_uri").hasMessageContaining(Deduplicate.DT_AS_TIMESTAMP);
    }

    @Test
    void thePeersLegacyNamesAreTheSameFunctionAndADatasetWithoutIdsIsLeftAlone() {
        String[] rows = {event("id1", "t", "a"), event("id1", "t", "a"), event("id2", "t", "b")};
        for (String name : List.of("deduplicate_eventlogging", "deduplicate_eventbus")) {
            assertThat(greetings(Transforms.byName(name, List.of()).apply(df(EVENT, rows)))).as(name)
                    .containsExactly("a", "b");
        }
        Dataset<Row> noIds = df("webHost STRING, greeting STRING", "{\"greeting\": \"x\"}", "{\"greeting\": \"x\"}");
        assertThat(greetings(Transforms.deduplicate(noIds))).containsExactly("x", "x");
    }

    /** A NavigationTiming raw line; {@code connectEnd} tells the rows apart once refined. */
    private static String nt(String metaId, String dt, String requestId, String uuid, long connectEnd) {
        ObjectNode line = JSON.createObjectNode();
        line.put("$schema", "/analytics/legacy/navigationtiming/1.7.0");
        if (metaId != null || dt != null || requestId != null) {
            ObjectNode meta = line.putObject("meta");
            meta.put("id", metaId);
            meta.put("dt", dt);
            meta.put("request_id", requestId);
            meta.put("stream", NT);
        }
        if (uuid != null) {
            line.put("uuid", uuid);
        }
        line.put("webHost", "en.wikipedia.org");
        line.putObject("event").put("connectEnd", connectEnd);
        return line.toString();
    }

    @Test
    void refiningRawNavigationTimingKeepsOneRowPerMetaIdElseUuidAndEveryRowWithoutAnId(@TempDir Path raw,
                                                                                        @TempDir Path state) {
        SparkSession spark = TestSpark.get();
        spark.sql("CREATE DATABASE IF NOT EXISTS it_dedupe");
        List<String> lines = new ArrayList<>(List.of(
                // meta.id and uuid both present: meta.id is the key, the latest meta.dt is kept
                nt("m1", "2026-11-22T10:00:01Z", null, "u-a", 11), nt("m1", "2026-11-22T10:00:03Z", null, "u-b", 12),
                nt("m1", "2026-11-22T10:00:02Z", null, "u-c", 13),
                // same meta.dt: the greatest meta.request_id
                nt("m2", "2026-11-22T10:00:00Z", "r1", null, 21), nt("m2", "2026-11-22T10:00:00Z", "r2", null, 22),
                // meta.dt compared as text, as the peer does
                nt("m3", "2026-11-22T10:00:01Z", null, null, 31), nt("m3", "2026-11-22T10:00:01.5Z", null, null, 32),
                // legacy events without meta: uuid is the key
                nt(null, null, null, "u1", 41), nt(null, null, null, "u1", 42),
                // a meta.id equal to another row's uuid: one key (the row with a meta.dt wins)
                nt("x1", "2026-11-22T10:00:00Z", null, null, 51), nt(null, null, null, "x1", 52),
                // meta.id takes precedence: this row is not a duplicate of the u1 rows
                nt("y1", "2026-11-22T10:00:00Z", null, "u1", 61),
                // neither id: never removed
                nt(null, null, null, null, 71), nt(null, null, null, null, 71)));
        WorkerRun.rawHour(raw, NT, "2026-11-22T10", lines);

        WorkerRun refine = WorkerRun.of("refine", "--job", "legacy", "--raw-dir", raw.toString(), "--database",
                "it_dedupe", "--since", "2026-11-22T10", "--until", "2026-11-22T11", "--stream", "NavigationTiming",
                "--transforms", "deduplicate", "--state-dir", state.toString(), "--config-source",
                TestSpark.productionConfig().toString(), "--schema-repo", TestSpark.schemas().toString());

        assertThat(refine.code()).as(refine.err()).isZero();
        assertThat(refine.out()).contains("\"status\":\"OK\"").contains("\"rows\":8");
        List<Long> kept = Fixtures.hour("it_dedupe", "navigationtiming", "2026-11-22T10").select("event.connectEnd")
                .as(Encoders.LONG()).collectAsList().stream().sorted().toList();
        assertThat(kept).hasSize(8).startsWith(12L, 22L, 31L).endsWith(51L, 61L, 71L, 71L);
        assertThat(kept.get(3)).isIn(41L, 42L);
    }
}
