package dev.cutover.worker.table;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;

class SchemaEvolutionTest {

    private static StructType ddl(String ddl) {
        return (StructType) DataType.fromDDL(ddl);
    }

    @Test
    void addedColumnsAndNestedFieldsAreExpected() {
        List<SchemaEvolution.Change> changes = SchemaEvolution.diff(ddl("a STRING, meta STRUCT<id: STRING>"),
                ddl("a STRING, meta STRUCT<id: STRING, uri: STRING>, b BIGINT"));
        assertThat(changes).containsExactly(
                new SchemaEvolution.Change("meta.uri", SchemaEvolution.Kind.ADD_NESTED_FIELD, null, "STRING"),
                new SchemaEvolution.Change("b", SchemaEvolution.Kind.ADD_COLUMN, null, "BIGINT"));
        assertThat(changes).allMatch(SchemaEvolution.Change::expected);
    }

    @Test
    void typeChangesAndMissingFieldsAreUnexpected() {
        List<SchemaEvolution.Change> changes = SchemaEvolution.diff(ddl("a STRING, n INT, gone STRING"),
                ddl("a BIGINT, n BIGINT"));
        assertThat(changes).extracting(SchemaEvolution.Change::kind).containsExactly(SchemaEvolution.Kind.CHANGE_TYPE,
                SchemaEvolution.Kind.WIDEN_TYPE, SchemaEvolution.Kind.MISSING_FIELD);
        assertThat(changes).noneMatch(SchemaEvolution.Change::expected);
    }

    @Test
    void mergeAddsAndWidensButNeverDropsOrNarrows() {
        StructType merged = SchemaEvolution.merge(ddl("a STRING, n INT, gone STRING, s STRUCT<x: INT>"),
                ddl("a BIGINT, n BIGINT, s STRUCT<x: INT, y: STRING>, z DOUBLE"));
        assertThat(merged).isEqualTo(ddl("a STRING, n BIGINT, gone STRING, s STRUCT<x: INT, y: STRING>, z DOUBLE"));
    }
}
