package dev.cutover.worker.compare;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.cutover.protocol.CompareDetail;
import dev.cutover.protocol.Hour;
import dev.cutover.protocol.ProtocolJson;
import dev.cutover.protocol.Verdict;
import dev.cutover.streamconfig.DatabaseName;
import dev.cutover.worker.Fixtures;
import dev.cutover.worker.TestSpark;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The facts a compare reports for the controller's comparison rules, read from real Hive tables: each side's columns,
 * the rows matched on both sides of the keyed diff and how far numeric columns are apart among them.
 */
class RuleFactsIT {

    private static final String STREAM = "eventlogging_RuleFacts";
    private static final String TABLE = "rulefacts";
    private static final Hour HOUR = Hour.parse("2026-11-22T03");
    private static final DatabaseName LEFT = DatabaseName.of("it_rules_left");
    private static final DatabaseName RIGHT = DatabaseName.of("it_rules_right");

    private static final String PARTITION = "PARTITION (year=2026, month=11, day=22, hour=3)";
    private static final StructType META = new StructType().add("id", DataTypes.StringType);

    @BeforeAll
    static void tables() {
        SparkSession spark = TestSpark.get();
        for (DatabaseName db : List.of(LEFT, RIGHT)) {
            spark.sql("DROP DATABASE IF EXISTS " + db.value() + " CASCADE");
            spark.sql("CREATE DATABASE " + db.value());
        }
        // The new job (left) adds a column; both have a BIGINT, a DOUBLE and a STRING column.
        spark.sql("CREATE TABLE it_rules_left." + TABLE + " (meta STRUCT<id: STRING>, wiki STRING, n BIGINT,"
                + " x DOUBLE, extra STRING) PARTITIONED BY (year INT, month INT, day INT, hour INT) STORED AS PARQUET");
        spark.sql("CREATE TABLE it_rules_right." + TABLE + " (meta STRUCT<id: STRING>, wiki STRING, n BIGINT,"
                + " x DOUBLE) PARTITIONED BY (year INT, month INT, day INT, hour INT) STORED AS PARQUET");
        List<Row> left = new ArrayList<>();
        List<Row> right = new ArrayList<>();
        for (int i = 1; i <= 100; i++) {
            left.add(RowFactory.create(RowFactory.create("id-" + i), "enwiki", (long) i, i * 1.0, "x"));
        }
        for (int i = 1; i <= 99; i++) {
            long n = i == 5 ? 8L : i;                        // id-5: n 5 vs 8 (abs 3, rel 3/8)
            Double x = i == 6 ? Double.valueOf(6.06) : i == 7 ? null : Double.valueOf(i); // id-6: 6.06; id-7: null
            String wiki = i == 8 ? "dewiki" : "enwiki";
            right.add(RowFactory.create(RowFactory.create("id-" + i), wiki, n, x));
        }
        right.add(RowFactory.create(RowFactory.create("id-101"), "enwiki", 101L, 101.0));
        insert(spark, "it_rules_left", left, new StructType().add("meta", META).add("wiki", DataTypes.StringType)
                .add("n", DataTypes.LongType).add("x", DataTypes.DoubleType).add("extra", DataTypes.StringType));
        insert(spark, "it_rules_right", right, new StructType().add("meta", META).add("wiki", DataTypes.StringType)
                .add("n", DataTypes.LongType).add("x", DataTypes.DoubleType));
    }

    private static void insert(SparkSession spark, String db, List<Row> rows, StructType schema) {
        spark.createDataFrame(rows, schema).createOrReplaceTempView("rule_facts_rows");
        spark.sql("INSERT INTO " + db + "." + TABLE + " " + PARTITION + " SELECT * FROM rule_facts_rows");
    }

    @Test
    void aScanReportsTheColumnsOfBothSidesTheMatchedRowsAndHowFarNumericColumnsAreApart() throws Exception {
        Comparer.Result result = new Comparer(TestSpark.get(), Fixtures.CLOCK).compare(STREAM, HOUR, LEFT, RIGHT);

        assertThat(result.verdict()).as("the worker's own verdict stays the exact one").isEqualTo(Verdict.FAIL);
        CompareDetail detail = result.detail();
        assertThat(detail.left().columns()).containsExactly("meta", "wiki", "n", "x", "extra");
        assertThat(detail.right().columns()).containsExactly("meta", "wiki", "n", "x");
        assertThat(detail.schema().onlyLeft()).containsExactly("extra");
        assertThat(detail.left().rows()).isEqualTo(100);
        assertThat(detail.right().rows()).isEqualTo(100);

        CompareDetail.KeyedDiff diff = detail.diff();
        assertThat(diff.leftOnly()).isEqualTo(1);
        assertThat(diff.rightOnly()).isEqualTo(1);
        assertThat(diff.rowsBoth()).as("ids 1..99 are on both sides").isEqualTo(99);
        assertThat(diff.columnMismatches()).containsOnly(java.util.Map.entry("n", 1L), java.util.Map.entry("x", 2L),
                java.util.Map.entry("wiki", 1L));
        assertThat(diff.numeric()).as("only the numeric common columns").containsOnlyKeys("n", "x");
        CompareDetail.NumericDiff n = diff.numeric().get("n");
        assertThat(n.maxAbs()).isEqualTo(3.0);
        assertThat(n.maxRel()).isCloseTo(3.0 / 8.0, within(1e-12));
        assertThat(n.incomparable()).isZero();
        CompareDetail.NumericDiff x = diff.numeric().get("x");
        assertThat(x.maxAbs()).isCloseTo(0.06, within(1e-9));
        assertThat(x.maxRel()).isCloseTo(0.06 / 6.06, within(1e-9));
        assertThat(x.incomparable()).as("7 vs null has no difference").isEqualTo(1);

        CompareDetail read = ProtocolJson.MAPPER.readValue(ProtocolJson.write(detail), CompareDetail.class);
        assertThat(read).as("the facts survive the report's JSON").isEqualTo(detail);
    }

    @Test
    void equalNumericValuesReportNoDifferenceAndTheMetastorePathStillNamesTheColumns() {
        Comparer comparer = new Comparer(TestSpark.get(), Fixtures.CLOCK);

        Comparer.Result same = comparer.compare(STREAM, HOUR, RIGHT, RIGHT, true);
        assertThat(same.verdict()).isEqualTo(Verdict.PASS);
        assertThat(same.detail().diff()).as("no keyed diff when counts and checksums match").isNull();
        assertThat(same.detail().left().columns()).containsExactly("meta", "wiki", "n", "x");

        Comparer.Result none = comparer.compare(STREAM, HOUR.next(), LEFT, RIGHT);
        assertThat(none.verdict()).isEqualTo(Verdict.NODATA);
        assertThat(none.detail().left().columns()).containsExactly("meta", "wiki", "n", "x", "extra");
    }
}
