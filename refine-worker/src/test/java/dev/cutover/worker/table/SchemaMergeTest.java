package dev.cutover.worker.table;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cutover.protocol.EvolvePlan;
import dev.cutover.protocol.EvolvePlan.Kind;
import dev.cutover.streamconfig.DatabaseName;
import dev.cutover.worker.schema.TableShape;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;

/**
 * Merging a new schema into an existing table, one test per assertion of the peer's TestHiveExtensions
 * ({@code struct.merge}, {@code hiveAlterDDL}, {@code hiveCreateDDL}) and TestTableSchemaManager
 * ({@code hiveGetDDLStatements}) that applies to event Refine. The peer's DDL text becomes the table schema it
 * leads to: {@link SchemaEvolution#merge} is the schema an evolution gives the table.
 */
class SchemaMergeTest {

    private static StructType ddl(String ddl) {
        return (StructType) DataType.fromDDL(ddl);
    }

    @Test
    void newTopLevelColumnsAreAppendedAfterTheTablesOwnInNameOrderAsThePeersAddColumnsDoes() {
        // TestHiveExtensions "merge 2 simple schemas" and hiveAlterDDL "build alter DDL with simple schema"
        StructType merged = SchemaEvolution.merge(ddl("F1 INT, f2 STRING, gone STRING"),
                ddl("f4 BIGINT, f2 STRING, f3 INT"));
        assertThat(merged).isEqualTo(ddl("F1 INT, f2 STRING, gone STRING, f3 INT, f4 BIGINT"));
    }

    @Test
    void topLevelNamesMatchCaseInsensitivelyAndTheTableKeepsItsSpelling() {
        // TestHiveExtensions "merge 2 simple normalized schemas": comparison of top-level names is case-insensitive
        StructType table = ddl("webHost STRING, recvFrom STRING, event STRUCT<connectEnd: BIGINT>");
        StructType wanted = ddl("webhost STRING, recvfrom STRING, event STRUCT<connectEnd: BIGINT, newMetric: BIGINT>");
        assertThat(SchemaEvolution.diff(table, wanted)).containsExactly(
                new EvolvePlan.Change("event.newMetric", Kind.ADD_NESTED_FIELD, null, "BIGINT"));
        assertThat(SchemaEvolution.merge(table, wanted))
                .isEqualTo(ddl("webHost STRING, recvFrom STRING, event STRUCT<connectEnd: BIGINT, newMetric: BIGINT>"));
    }

    @Test
    void nestedStructFieldsMergeRecursivelyWithNewFieldsAppendedInTheNewSchemasOrder() {
        // TestHiveExtensions "merge 2 complex normalized schemas" and "build alter DDL with just modified merged structs"
        StructType table = ddl("F1 INT, f2 STRUCT<S1: STRING, s2: STRING, A1: STRUCT<c1: STRING>>, f3 STRING");
        StructType wanted = ddl("F1 INT, f2 STRUCT<S1: STRING, s3: STRING, A1: STRUCT<c1: STRING, C2: STRING>>,"
                + " F5 STRUCT<b1: INT>, f4 BIGINT");
        assertThat(SchemaEvolution.merge(table, wanted)).isEqualTo(ddl("F1 INT, f2 STRUCT<S1: STRING, s2: STRING,"
                + " A1: STRUCT<c1: STRING, C2: STRING>, s3: STRING>, f3 STRING, F5 STRUCT<b1: INT>, f4 BIGINT"));
        assertThat(SchemaEvolution.diff(table, wanted)).extracting(EvolvePlan.Change::toString).containsExactly(
                "f2.s3 ADD_NESTED_FIELD (null -> STRING)", "f2.A1.C2 ADD_NESTED_FIELD (null -> STRING)",
                "f2.s2 MISSING_FIELD (STRING -> null)", "F5 ADD_COLUMN (null -> STRUCT<b1: INT>)",
                "f4 ADD_COLUMN (null -> BIGINT)", "f3 MISSING_FIELD (STRING -> null)");
    }

    @Test
    void structsInsideArraysAndMapValuesMergeToo() {
        // TestHiveExtensions "merge 2 more complex normalized schemas", "build alter DDL with arrays with elements
        // of modified structs" and "build alter DDL with map with values of merged complex types"
        StructType table = ddl("arr1 ARRAY<STRUCT<e1: BIGINT>>, map1 MAP<STRING, STRUCT<v1: BIGINT>>");
        StructType wanted = ddl("arr1 ARRAY<STRUCT<e1: BIGINT, e2: STRING>>, map1 MAP<STRING, STRUCT<v1: BIGINT, v2: STRING>>");
        assertThat(SchemaEvolution.merge(table, wanted)).isEqualTo(wanted);
        assertThat(SchemaEvolution.diff(table, wanted)).extracting(EvolvePlan.Change::path)
                .containsExactly("arr1[].e2", "map1{}.v2");
        assertThat(SchemaEvolution.diff(table, wanted)).allMatch(EvolvePlan.Change::expected);
    }

    @Test
    void aNewMapColumnIsAnAddedColumn() {
        // TestHiveExtensions "build alter DDL with map with values of compatible primitive types"
        assertThat(SchemaEvolution.diff(ddl("f3 STRING"), ddl("map1 MAP<STRING, BIGINT>, f3 STRING")))
                .containsExactly(new EvolvePlan.Change("map1", Kind.ADD_COLUMN, null, "MAP<STRING, BIGINT>"));
    }

    @Test
    void anIncompatibleTypeNeverChangesTheTable() {
        // TestHiveExtensions "merge to LongType from large Long, not StringType"; TestTableSchemaManager "not generate
        // statements to update a column to string" and the meta.dt STRING vs INT of "generate statements to update a
        // table": the table's type is kept. (The peer then casts the data to it; we fail the hour, see the README.)
        StructType table = ddl("a BIGINT, b INT, meta STRUCT<dt: STRING>, event STRUCT<num: BIGINT>");
        StructType wanted = ddl("a STRING, b STRING, meta STRUCT<dt: INT>, event STRUCT<num: STRING>");
        assertThat(SchemaEvolution.merge(table, wanted)).isEqualTo(table);
        assertThat(SchemaEvolution.diff(table, wanted)).allMatch(c -> c.kind() == Kind.CHANGE_TYPE && !c.applied());
        // the peer's own case: a value too large for a long, read as a decimal, leaves the BIGINT column as it is
        StructType ids = ddl("id BIGINT, event STRUCT<num: BIGINT>");
        assertThat(SchemaEvolution.merge(ids, ddl("id BIGINT, event STRUCT<num: DECIMAL(20,0)>"))).isEqualTo(ids);
    }

    @Test
    void aWiderTypeWidensTheColumnWhereThePeerKeepsTheNarrowerOne() {
        // Deviation (README): the peer's merge keeps the table's INT for a BIGINT (and casts the data down to it).
        StructType merged = SchemaEvolution.merge(ddl("n INT, s STRUCT<x: FLOAT>"), ddl("n BIGINT, s STRUCT<x: DOUBLE>"));
        assertThat(merged).isEqualTo(ddl("n BIGINT, s STRUCT<x: DOUBLE>"));
    }

    @Test
    void aFieldTheTableHasKeepsItsCommentAndAddedFieldsBringTheirsExceptNewTopLevelColumns() {
        // TestTableSchemaManager "generate statements to update a table": meta.dt keeps 'c1' (not 'c3'), the new
        // nested field is added, new_field is added without its comment 'c5', nothing is dropped
        StructType table = ddl("could_by_dropped STRING, wiki STRING, meta STRUCT<dt: STRING COMMENT 'c1'> COMMENT 'c2'");
        StructType output = ddl("wiki STRING, meta STRUCT<dt: STRING, new_field_in_struct: STRING>, dummy STRING,"
                + " new_field STRING");
        StructType described = ddl("wiki STRING, meta STRUCT<dt: STRING COMMENT 'c3', new_field_in_struct: STRING"
                + " COMMENT 'c4'>, dummy STRING, new_field STRING COMMENT 'c5'");
        StructType merged = SchemaEvolution.merge(table, TableShape.PEER.apply(output, described));
        assertThat(TableShape.withoutMetadata(merged)).isEqualTo(TableShape.withoutMetadata(ddl("could_by_dropped"
                + " STRING, wiki STRING, meta STRUCT<dt: STRING, new_field_in_struct: STRING>, dummy STRING,"
                + " new_field STRING")));
        StructType meta = (StructType) merged.apply("meta").dataType();
        assertThat(TableShape.comment(meta.apply("dt"))).contains("c1");
        assertThat(TableShape.comment(meta.apply("new_field_in_struct"))).contains("c4");
        assertThat(TableShape.comment(merged.apply("meta"))).contains("c2");
        assertThat(TableShape.comment(merged.apply("new_field"))).isEmpty();
    }

    @Test
    void onlyDifferentCommentsAreNoChangeAtAll() {
        StructType table = ddl("meta STRUCT<dt: STRING>");
        StructType wanted = ddl("meta STRUCT<dt: STRING COMMENT 'UTC event datetime'>");
        assertThat(SchemaEvolution.diff(table, wanted)).isEmpty();
    }

    @Test
    void aCreatedTableHasItsNestedCommentsButNoTopLevelOnesByDefault() {
        // TestTableSchemaManager "generate statements to create a table" and TestHiveExtensions "create a DDL
        // statement with Hive syntax": root comments are left out, nested comments and nested case are kept
        StructType described = ddl("wiki STRING COMMENT 'c1', meta STRUCT<dt: STRING COMMENT 'c3'>,"
                + " f2 STRUCT<s1: STRING, s2: STRING COMMENT 's2 comment', DoNotNORmaLize_me: STRUCT<c1: STRING>>");
        String create = HiveTables.createDdl(DatabaseName.of("db"), "table",
                TableShape.PEER.apply((StructType) TableShape.withoutMetadata(described), described), false, "location");
        assertThat(create).contains("(wiki STRING,").doesNotContain("'c1'").contains("dt: STRING COMMENT 'c3'")
                .contains("s2: STRING COMMENT 's2 comment'").contains("DoNotNORmaLize_me: STRUCT<c1: STRING>");
        String withOption = HiveTables.createDdl(DatabaseName.of("db"), "table",
                new TableShape(true).apply((StructType) TableShape.withoutMetadata(described), described), false, "l");
        assertThat(withOption).contains("(wiki STRING COMMENT 'c1',");
    }

    @Test
    void aCreatedTableIsPartitionedByDatacenterThenTheHourWithIntegerHourKeys() {
        // TestTableSchemaManager "generate statements to create a table partitioned by datacenter and time": same
        // keys in the same order; the peer's hour keys are BIGINT, ours INT (README: deviation)
        String create = HiveTables.createDdl(DatabaseName.of("db"), "table", ddl("wiki STRING"), true, "location");
        assertThat(create).contains("PARTITIONED BY (`datacenter` STRING, `year` INT, `month` INT, `day` INT, `hour` INT)")
                .contains("STORED AS PARQUET LOCATION 'location'");
    }
}
