package dev.cutover.worker.compare;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.when;
import static org.assertj.core.api.Assertions.assertThat;

import dev.cutover.protocol.CompareDetail;
import dev.cutover.protocol.CopyReport;
import dev.cutover.protocol.Hour;
import dev.cutover.protocol.Verdict;
import dev.cutover.streamconfig.DatabaseName;
import dev.cutover.worker.Fixtures;
import dev.cutover.worker.TestSpark;
import dev.cutover.worker.copy.PartitionCopier;
import dev.cutover.worker.inspect.Inspector;
import dev.cutover.worker.route.FixedDatabaseRoutes;
import dev.cutover.worker.table.Aligner;
import dev.cutover.worker.table.Fence;
import dev.cutover.worker.table.HiveTables;
import dev.cutover.worker.table.PartitionCommitter;
import dev.cutover.worker.transform.TransformChain;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CompareCopyIT {

    private static final String NT = "eventlogging_NavigationTiming";
    private static final String HOUR = "2026-11-22T12";

    @Test
    void copyRestoresAPartitionAndCompareCatchesAChangedValueAndAMissingRow(@TempDir Path raw, @TempDir Path state) {
        SparkSession spark = TestSpark.get();
        spark.sql("CREATE DATABASE IF NOT EXISTS it_cmp_left");
        spark.sql("CREATE DATABASE IF NOT EXISTS it_cmp_right");
        Fixtures.generate(raw, NT, HOUR, HOUR, 300, 0, 0, 0, 12);
        Fixtures.refine("legacy", raw, new FixedDatabaseRoutes(DatabaseName.of("it_cmp_left")), state, Fixtures.reports(),
                false, 0.05, TransformChain.DEFAULTS);
        DatabaseName left = DatabaseName.of("it_cmp_left");
        DatabaseName right = DatabaseName.of("it_cmp_right");
        Hour hour = Hour.parse(HOUR);

        PartitionCopier copier = new PartitionCopier(spark, Fixtures.CLOCK);
        CopyReport copy = copier.copy(NT, hour, left, right, "airflow", 4, Fence.NONE, "c-1");
        assertThat(copy.ok()).as(String.valueOf(copy.error())).isTrue();
        var prov = new Inspector(new HiveTables(spark)).list(right, Optional.of("navigationtiming"));
        assertThat(prov).singleElement().satisfies(p -> {
            assertThat(p.action()).isEqualTo("copy");
            assertThat(p.source()).isEqualTo("it_cmp_left");
            assertThat(p.epoch()).isEqualTo(4);
            assertThat(p.rows()).isEqualTo(300);
        });

        Comparer comparer = new Comparer(spark, Fixtures.CLOCK);
        Comparer.Result copied = comparer.compare(NT, hour, left, right);
        assertThat(copied.verdict()).isEqualTo(Verdict.PASS);
        assertThat(copied.detail().method()).isEqualTo("provenance");
        assertThat(comparer.compare(NT, hour.next(), left, right).verdict()).isEqualTo(Verdict.NODATA);

        List<String> ids = Fixtures.hour("it_cmp_right", "navigationtiming", HOUR).select("meta.id").orderBy("meta.id")
                .limit(2).collectAsList().stream().map(r -> r.getString(0)).toList();
        Dataset<Row> changed = Fixtures.hour("it_cmp_right", "navigationtiming", HOUR)
                .where(col("meta.id").notEqual(ids.get(0)))
                .withColumn("wiki", when(col("meta.id").equalTo(ids.get(1)), lit("changedwiki")).otherwise(col("wiki")));
        var table = new HiveTables(spark).table(right, "navigationtiming").orElseThrow();
        new PartitionCommitter(spark, Fixtures.CLOCK).commit(table, hour,
                Aligner.align(changed, table.dataSchema(), List.of()), List.of(),
                new PartitionCommitter.Writer("test", NT, 5, "refine", "fp", null), () -> { }, Fence.NONE);

        Comparer.Result result = comparer.compare(NT, hour, left, right);
        assertThat(result.verdict()).isEqualTo(Verdict.FAIL);
        assertThat(result.detail().scanReason()).startsWith("right: the checksum was recorded under schema fp");
        CompareDetail.KeyedDiff diff = result.detail().diff();
        assertThat(result.detail().left().rows()).isEqualTo(300);
        assertThat(result.detail().right().rows()).isEqualTo(299);
        assertThat(diff.key()).isEqualTo("meta.id");
        assertThat(diff.leftOnly()).isEqualTo(1);
        assertThat(diff.rightOnly()).isZero();
        assertThat(diff.changed()).isEqualTo(1);
        assertThat(diff.columnMismatches()).containsExactly(java.util.Map.entry("wiki", 1L));
        assertThat(diff.sampleIds()).contains(ids.get(0), ids.get(1));
        assertThat(result.detail().reasons()).contains("row counts differ: 300 vs 299");
    }

    @Test
    void copyOverAnExistingTargetPartitionReplacesItsRowsAndRecordsTheCopy(@TempDir Path leftRaw, @TempDir Path rightRaw,
                                                                          @TempDir Path state) {
        SparkSession spark = TestSpark.get();
        spark.sql("CREATE DATABASE IF NOT EXISTS it_restore_shadow");
        spark.sql("CREATE DATABASE IF NOT EXISTS it_restore_prod");
        DatabaseName shadow = DatabaseName.of("it_restore_shadow");
        DatabaseName prod = DatabaseName.of("it_restore_prod");
        Hour hour = Hour.parse(HOUR);
        Fixtures.generate(leftRaw, NT, HOUR, HOUR, 70, 0, 0, 0, 31);
        Fixtures.generate(rightRaw, NT, HOUR, HOUR, 40, 0, 0, 0, 32);
        Fixtures.refine("legacy", leftRaw, new FixedDatabaseRoutes(shadow), state.resolve("l"), Fixtures.reports(), false,
                0.05, TransformChain.DEFAULTS);
        Fixtures.refine("airflow", rightRaw, new FixedDatabaseRoutes(prod), state.resolve("r"), Fixtures.reports(), false,
                0.05, TransformChain.DEFAULTS);
        List<String> oldIds = ids(prod);
        assertThat(oldIds).hasSize(40).doesNotContainAnyElementsOf(ids(shadow));

        // rollback: production gets the secondary's partition back
        CopyReport copy = new PartitionCopier(spark, Fixtures.CLOCK).copy(NT, hour, shadow, prod, "legacy", 9, Fence.NONE, "r-1");

        assertThat(copy.ok()).as(String.valueOf(copy.error())).isTrue();
        assertThat(copy.rows()).isEqualTo(70);
        assertThat(ids(prod)).as("no row of the overwritten partition is left").hasSize(70)
                .containsExactlyInAnyOrderElementsOf(ids(shadow)).doesNotContainAnyElementsOf(oldIds);
        assertThat(spark.sql("SHOW PARTITIONS it_restore_prod.navigationtiming").count()).isEqualTo(1);
        assertThat(new Inspector(new HiveTables(spark)).list(prod, Optional.of("navigationtiming"))).singleElement()
                .satisfies(p -> {
                    assertThat(p.action()).isEqualTo("copy");
                    assertThat(p.source()).isEqualTo("it_restore_shadow");
                    assertThat(p.job()).isEqualTo("legacy");
                    assertThat(p.epoch()).isEqualTo(9);
                    assertThat(p.rows()).isEqualTo(70);
                });
        Comparer.Result same = new Comparer(spark, Fixtures.CLOCK).compare(NT, hour, prod, shadow);
        assertThat(same.verdict()).as(same.detail().toString()).isEqualTo(Verdict.PASS);
    }

    private static List<String> ids(DatabaseName db) {
        return Fixtures.hour(db.value(), "navigationtiming", HOUR).select("meta.id")
                .as(org.apache.spark.sql.Encoders.STRING()).collectAsList();
    }

    @Test
    void aColumnTheOtherJobDroppedFailsTheComparison(@TempDir Path raw, @TempDir Path state) {
        SparkSession spark = TestSpark.get();
        spark.sql("CREATE DATABASE IF NOT EXISTS it_cmp_full");
        spark.sql("CREATE DATABASE IF NOT EXISTS it_cmp_dropped");
        Fixtures.generate(raw, NT, HOUR, HOUR, 60, 0, 0, 0, 21);
        Fixtures.refine("legacy", raw, new FixedDatabaseRoutes(DatabaseName.of("it_cmp_full")), state, Fixtures.reports(),
                false, 0.05, TransformChain.DEFAULTS);
        Fixtures.refine("airflow", raw, new FixedDatabaseRoutes(DatabaseName.of("it_cmp_dropped")), state,
                Fixtures.reports(), false, 0.05, TransformChain.DEFAULTS + ",drop_columns(wiki)");

        Comparer.Result result = new Comparer(spark, Fixtures.CLOCK).compare(NT, Hour.parse(HOUR),
                DatabaseName.of("it_cmp_full"), DatabaseName.of("it_cmp_dropped"));

        assertThat(result.verdict()).isEqualTo(Verdict.FAIL);
        assertThat(result.detail().method()).isEqualTo("scan");
        assertThat(result.detail().scanReason()).isEqualTo("the two tables' schemas differ");
        assertThat(result.detail().schema().onlyLeft()).containsExactly("wiki");
        assertThat(result.detail().reasons()).contains("column wiki only in it_cmp_full");
        assertThat(result.detail().left().rows()).isEqualTo(result.detail().right().rows());
    }
}
