package dev.cutover.worker.table;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cutover.worker.Fixtures;
import dev.cutover.worker.TestSpark;
import dev.cutover.worker.WorkerRun;
import dev.cutover.worker.schema.TableShape;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Consumer;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Merging a new schema version into an existing table through the real path (the peer's TestHiveExtensions
 * {@code struct.merge}/{@code hiveAlterDDL} and TestTableSchemaManager "generate statements to update a table"):
 * one raw NavigationTiming hour refined with the schema as it is, the next with an evolved version, a third with
 * an incompatible type; each by {@code ./cutover refine}, read back from the Hive table.
 */
class SchemaMergeIT {

    private static final String NT = "eventlogging_NavigationTiming";
    private static final String TABLE = "it_merge.navigationtiming";
    private static final ObjectMapper JSON = new ObjectMapper();

    /** A schema repository holding NavigationTiming {@code version}: the fixture's 1.7.0 as {@code edit} changes it. */
    private static Path repo(Path dir, String version, Consumer<ObjectNode> edit) throws Exception {
        Path title = Files.createDirectories(dir.resolve("analytics/legacy/navigationtiming"));
        ObjectNode schema = (ObjectNode) JSON.readTree(TestSpark.schemas()
                .resolve("analytics/legacy/navigationtiming/1.7.0.json").toFile());
        edit.accept(schema);
        Files.writeString(title.resolve(version + ".json"), JSON.writeValueAsString(schema));
        return dir;
    }

    private static ObjectNode props(ObjectNode schema, String pointer) {
        return (ObjectNode) schema.at(pointer);
    }

    private static WorkerRun refine(Path raw, Path state, Path repo, String hour, String until) {
        return WorkerRun.of("refine", "--job", "legacy", "--raw-dir", raw.toString(), "--database", "it_merge",
                "--since", hour, "--until", until, "--stream", "NavigationTiming", "--transforms", "deduplicate",
                "--state-dir", state.toString(), "--config-source", TestSpark.productionConfig().toString(),
                "--schema-repo", repo.toString());
    }

    private static ObjectNode line(String id) {
        ObjectNode line = JSON.createObjectNode();
        line.put("$schema", "/analytics/legacy/navigationtiming/1.7.0");
        line.putObject("meta").put("id", id).put("dt", "2026-11-22T08:00:00Z").put("stream", NT);
        line.put("webHost", "en.wikipedia.org");
        return line;
    }

    private static StructType dataSchema() {
        return TestSpark.get().sharedState().externalCatalog().getTable("it_merge", "navigationtiming").dataSchema();
    }

    private static List<String> rows(String hour, String expr) {
        return Fixtures.hour("it_merge", "navigationtiming", hour).selectExpr(expr).as(Encoders.STRING()).collectAsList()
                .stream().sorted().toList();
    }

    @Test
    void aSecondHourWithAnEvolvedSchemaAddsColumnsAndNestedFieldsKeepingOrderSpellingAndComments(
            @TempDir Path raw, @TempDir Path state, @TempDir Path evolved, @TempDir Path retyped) throws Exception {
        SparkSession spark = TestSpark.get();
        spark.sql("CREATE DATABASE IF NOT EXISTS it_merge");
        List<String> first = new ArrayList<>();
        for (String id : List.of("a", "b")) {
            ObjectNode l = line(id);
            l.putObject("event").put("connectEnd", 1).put("connectStart", 0);
            first.add(l.toString());
        }
        WorkerRun.rawHour(raw, NT, "2026-11-22T08", first);
        WorkerRun one = refine(raw, state, TestSpark.schemas(), "2026-11-22T08", "2026-11-22T09");
        assertThat(one.code()).as(one.err()).isZero();
        StructType before = dataSchema();
        List<String> eventBefore = Arrays.asList(((StructType) before.apply("event").dataType()).fieldNames());

        // 1.8.0: two new top-level properties (one mixed-case), a new nested one, event.connectEnd now spelled
        // ConnectEnd in the JSON, new descriptions for fields the table already has
        repo(evolved, "1.8.0", s -> {
            props(s, "/properties").putObject("newTopLevel").put("type", "string").put("description", "new, top");
            props(s, "/properties").putObject("another_field").put("type", "integer").put("description", "another");
            ObjectNode event = props(s, "/properties/event/properties");
            event.putObject("newMetric").put("type", "integer").put("description", "a new nested metric");
            event.set("ConnectEnd", event.remove("connectEnd"));
            props(s, "/properties/meta/properties/id").put("description", "changed description");
            props(s, "/properties/webHost").put("description", "changed too");
        });
        List<String> second = new ArrayList<>();
        for (String id : List.of("c", "d")) {
            ObjectNode l = line(id).put("newTopLevel", "new-" + id).put("another_field", 7);
            l.putObject("event").put("ConnectEnd", 2).put("connectStart", 1).put("newMetric", 5);
            second.add(l.toString());
        }
        WorkerRun.rawHour(raw, NT, "2026-11-22T09", second);
        WorkerRun two = refine(raw, state, evolved, "2026-11-22T09", "2026-11-22T10");
        assertThat(two.code()).as(two.err()).isZero();

        StructType after = dataSchema();
        // the table's columns keep their order; new columns are appended in name order, lower-cased
        List<String> expected = new ArrayList<>(Arrays.asList(before.fieldNames()));
        expected.addAll(List.of("another_field", "newtoplevel"));
        assertThat(after.fieldNames()).containsExactlyElementsOf(expected);
        assertThat(after.apply("another_field").dataType()).isEqualTo(DataTypes.LongType);
        // a nested field is added at the end of its struct; ConnectEnd matched the table's connectEnd
        List<String> eventAfter = new ArrayList<>(eventBefore);
        eventAfter.add("newMetric");
        assertThat(((StructType) after.apply("event").dataType()).fieldNames()).containsExactlyElementsOf(eventAfter);
        // comments: the table keeps its own, an added nested field brings its description, an added column none
        StructType table = spark.table(TABLE).schema();
        StructType meta = (StructType) table.apply("meta").dataType();
        assertThat(TableShape.comment(meta.apply("id"))).contains("Unique ID of this event");
        StructType event = (StructType) table.apply("event").dataType();
        assertThat(TableShape.comment(event.apply("newMetric"))).contains("a new nested metric");
        assertThat(TableShape.comment(table.apply("newtoplevel"))).isEmpty();
        Row described = spark.sql("DESCRIBE " + TABLE).where("col_name = 'newtoplevel'").first();
        assertThat(described.isNullAt(2) || described.getString(2).isEmpty()).isTrue();

        // both hours read back: the old one with nulls in what it never had, the new one with its values
        assertThat(rows("2026-11-22T08", "concat_ws('|', meta.id, coalesce(newtoplevel, '-'),"
                + " coalesce(cast(another_field as string), '-'), cast(event.connectEnd as string),"
                + " coalesce(cast(event.newMetric as string), '-'))")).containsExactly("a|-|-|1|-", "b|-|-|1|-");
        assertThat(rows("2026-11-22T09", "concat_ws('|', meta.id, newtoplevel, cast(another_field as string),"
                + " cast(event.connectEnd as string), cast(event.newMetric as string))"))
                .containsExactly("c|new-c|7|2|5", "d|new-d|7|2|5");

        // 1.9.0: event.connectStart becomes a string. The table is never changed that way (as the peer's ALTER DDL
        // leaves such a column alone); the peer would then cast the data, we fail the hour naming the column
        repo(retyped, "1.9.0", s -> props(s, "/properties/event/properties/connectStart").put("type", "string"));
        ObjectNode l = line("e");
        l.putObject("event").put("connectStart", "soon");
        WorkerRun.rawHour(raw, NT, "2026-11-22T10", List.of(l.toString()));
        WorkerRun three = refine(raw, state, retyped, "2026-11-22T10", "2026-11-22T11");
        assertThat(three.code()).isEqualTo(1);
        assertThat(three.out()).contains("\"status\":\"FAILED\"").contains("event.connectStart");
        StructType last = dataSchema();
        assertThat(((StructType) last.apply("event").dataType()).apply("connectStart").dataType())
                .isEqualTo(DataTypes.LongType);
        assertThat(last.fieldNames()).containsExactlyElementsOf(expected);
        assertThat(spark.sql("SHOW PARTITIONS " + TABLE).count()).isEqualTo(2);
    }
}
