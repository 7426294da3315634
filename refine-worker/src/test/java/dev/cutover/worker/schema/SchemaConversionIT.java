package dev.cutover.worker.schema;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cutover.worker.Fixtures;
import dev.cutover.worker.TestSpark;
import dev.cutover.worker.WorkerRun;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The table a real NavigationTiming hour is refined into, as the peer's Refine shapes it: top-level column names
 * lower-cased (nested ones keep their case), the JSON Schema's descriptions as comments of the nested fields, none
 * on top-level columns unless the stream's transform list has {@code top_level_comments}. Raw JSON lines on disk,
 * {@code ./cutover refine}, then DESCRIBE and the catalog.
 */
class SchemaConversionIT {

    private static final String NT = "eventlogging_NavigationTiming";
    private static final String HOUR = "2026-11-22T05";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static JsonNode schema;

    @BeforeAll
    static void readSchema() throws Exception {
        schema = JSON.readTree(TestSpark.schemas().resolve("analytics/legacy/navigationtiming/1.7.0.json").toFile());
    }

    private static String description(String pointer) {
        return schema.at(pointer + "/description").asText();
    }

    private static String line(String id, String host, String recvFrom, long seqId) {
        ObjectNode line = JSON.createObjectNode();
        line.put("$schema", "/analytics/legacy/navigationtiming/1.7.0");
        line.putObject("meta").put("id", id).put("dt", "2026-11-22T05:00:00Z").put("stream", NT)
                .put("domain", host);
        line.put("uuid", "u-" + id).put("webHost", host).put("recvFrom", recvFrom).put("seqId", seqId)
                .put("client_dt", "2026-11-22T04:59:59Z");
        line.putObject("event").put("connectEnd", seqId * 10);
        return line.toString();
    }

    private static WorkerRun refine(Path raw, Path state, String database, String transforms) {
        return WorkerRun.of("refine", "--job", "legacy", "--raw-dir", raw.toString(), "--database", database,
                "--since", HOUR, "--until", "2026-11-22T06", "--stream", "NavigationTiming", "--transforms", transforms,
                "--state-dir", state.toString(), "--config-source", TestSpark.productionConfig().toString(),
                "--schema-repo", TestSpark.schemas().toString());
    }

    /** DESCRIBE's comment of each data column (null when it has none). */
    private static Map<String, String> describedComments(String table) {
        Map<String, String> comments = new HashMap<>();
        for (Row r : TestSpark.get().sql("DESCRIBE " + table).collectAsList()) {
            String name = r.getString(0);
            if (name.startsWith("#")) {
                break;
            }
            comments.put(name, r.isNullAt(2) ? null : r.getString(2));
        }
        return comments;
    }

    private static String comment(StructType struct, String path) {
        String[] parts = path.split("\\.");
        StructType s = struct;
        for (int i = 0; i < parts.length - 1; i++) {
            s = (StructType) s.apply(parts[i]).dataType();
        }
        return TableShape.comment(s.apply(parts[parts.length - 1])).orElse(null);
    }

    @Test
    void topLevelNamesAreLowerCasedAndDescriptionsCommentTheNestedFieldsAsThePeersTableHasThem(@TempDir Path raw,
                                                                                                @TempDir Path state) {
        SparkSession spark = TestSpark.get();
        spark.sql("CREATE DATABASE IF NOT EXISTS it_shape");
        WorkerRun.rawHour(raw, NT, HOUR, List.of(line("a", "en.wikipedia.org", "cp1", 1),
                line("b", "de.wikipedia.org", "cp2", 2)));

        WorkerRun run = refine(raw, state, "it_shape", "remove_canary_events,deduplicate,add_normalized_host");

        assertThat(run.code()).as(run.err()).isZero();
        StructType data = spark.sharedState().externalCatalog().getTable("it_shape", "navigationtiming").dataSchema();
        assertThat(data.fieldNames()).contains("_schema", "client_dt", "recvfrom", "seqid", "uuid", "webhost",
                "normalized_host").doesNotContain("webHost", "recvFrom", "seqId", "$schema");
        assertThat(data.fieldNames()).allMatch(n -> n.equals(n.toLowerCase(Locale.ROOT)));
        assertThat(((StructType) data.apply("event").dataType()).fieldNames()).contains("connectEnd", "domInteractive");
        // the peer's type rules, read back from the table: integer BIGINT, number DOUBLE, boolean, date-time a string,
        // an object with an additionalProperties schema a map, every column nullable
        StructType event = (StructType) data.apply("event").dataType();
        assertThat(event.apply("connectEnd").dataType().sql()).isEqualTo("BIGINT");
        assertThat(event.apply("cumulativeLayoutShift").dataType().sql()).isEqualTo("DOUBLE");
        assertThat(event.apply("isAnon").dataType().sql()).isEqualTo("BOOLEAN");
        assertThat(data.apply("client_dt").dataType().sql()).isEqualTo("STRING");
        assertThat(data.apply("seqid").dataType().sql()).isEqualTo("BIGINT");
        assertThat(((StructType) data.apply("http").dataType()).apply("request_headers").dataType().sql())
                .isEqualTo("MAP<STRING, STRING>");
        assertThat(data.fields()).allMatch(f -> f.nullable());
        // the values landed in the renamed columns
        List<String> rows = Fixtures.hour("it_shape", "navigationtiming", HOUR)
                .selectExpr("concat_ws('|', meta.id, webhost, recvfrom, cast(seqid as string), uuid,"
                        + " cast(event.connectEnd as string), normalized_host.project)")
                .as(org.apache.spark.sql.Encoders.STRING()).collectAsList().stream().sorted().toList();
        assertThat(rows).containsExactly("a|en.wikipedia.org|cp1|1|u-a|10|en", "b|de.wikipedia.org|cp2|2|u-b|20|de");

        // top-level columns carry no comment (the peer's Hive DDL leaves root comments out) ...
        Map<String, String> described = describedComments("it_shape.navigationtiming");
        assertThat(described).containsKeys("webhost", "meta", "event", "_schema");
        assertThat(Arrays.stream(data.fieldNames()).map(described::get)).allMatch(c -> c == null || c.isEmpty());
        // ... nested fields carry their descriptions, read back from the catalog
        StructType table = spark.table("it_shape.navigationtiming").schema();
        assertThat(comment(table, "meta.id")).isEqualTo(description("/properties/meta/properties/id"))
                .isEqualTo("Unique ID of this event");
        assertThat(comment(table, "event.connectEnd")).isEqualTo(description("/properties/event/properties/connectEnd"));
        assertThat(comment(table, "http.client_ip")).isEqualTo(description("/properties/http/properties/client_ip"));
        assertThat(comment(table, "normalized_host.project")).isNull();
        assertThat(spark.sql("SHOW CREATE TABLE it_shape.navigationtiming").first().getString(0))
                .contains("COMMENT 'Unique ID of this event'");
    }

    @Test
    void theTopLevelCommentsOptionPutsEachDescriptionOnItsColumnForDescribe(@TempDir Path raw, @TempDir Path state) {
        SparkSession spark = TestSpark.get();
        spark.sql("CREATE DATABASE IF NOT EXISTS it_shape_comments");
        WorkerRun.rawHour(raw, NT, HOUR, List.of(line("c", "en.wikipedia.org", "cp3", 3)));

        WorkerRun run = refine(raw, state, "it_shape_comments",
                "deduplicate,add_normalized_host,top_level_comments@" + NT);

        assertThat(run.code()).as(run.err()).isZero();
        Map<String, String> described = describedComments("it_shape_comments.navigationtiming");
        // quotes and dollar signs survive the DDL: "Request host. 'window.location.hostname' on client-side ..."
        assertThat(described.get("webhost")).isEqualTo(description("/properties/webHost")).contains("'");
        assertThat(described.get("uuid")).isEqualTo("Unique event identifier.  Deprecated, use meta.id.");
        assertThat(described.get("seqid")).isEqualTo(description("/properties/seqId"));
        assertThat(described.get("normalized_host")).isNull();
        // longer than the 256 characters the metastore keeps for a column comment: cut
        assertThat(description("/properties/client_dt")).hasSizeGreaterThan(TableShape.MAX_COLUMN_COMMENT);
        assertThat(described.get("client_dt")).hasSize(TableShape.MAX_COLUMN_COMMENT).endsWith("...")
                .startsWith(description("/properties/client_dt").substring(0, TableShape.MAX_COLUMN_COMMENT - 3));
        StructType table = spark.table("it_shape_comments.navigationtiming").schema();
        assertThat(comment(table, "meta.id")).isEqualTo("Unique ID of this event");
        assertThat(Fixtures.hour("it_shape_comments", "navigationtiming", HOUR).count()).isEqualTo(1);
    }
}
