package dev.cutover.worker.table;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cutover.protocol.EvolvePlan;
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
        List<EvolvePlan.Change> changes = SchemaEvolution.diff(ddl("a STRING, meta STRUCT<id: STRING>"),
                ddl("a STRING, meta STRUCT<id: STRING, uri: STRING>, b BIGINT"));
        assertThat(changes).containsExactly(
                new EvolvePlan.Change("meta.uri", EvolvePlan.Kind.ADD_NESTED_FIELD, null, "STRING"),
                new EvolvePlan.Change("b", EvolvePlan.Kind.ADD_COLUMN, null, "BIGINT"));
        assertThat(changes).allMatch(EvolvePlan.Change::expected);
    }

    @Test
    void typeChangesAndMissingFieldsAreUnexpected() {
        List<EvolvePlan.Change> changes = SchemaEvolution.diff(ddl("a STRING, n INT, gone STRING"),
                ddl("a BIGINT, n BIGINT"));
        assertThat(changes).extracting(EvolvePlan.Change::kind).containsExactly(EvolvePlan.Kind.CHANGE_TYPE,
                EvolvePlan.Kind.WIDEN_TYPE, EvolvePlan.Kind.MISSING_FIELD);
        assertThat(changes).noneMatch(EvolvePlan.Change::expected);
    }

    @Test
    void mergeAddsAndWidensButNeverDropsOrNarrows() {
        StructType merged = SchemaEvolution.merge(ddl("a STRING, n INT, gone STRING, s STRUCT<x: INT>"),
                ddl("a BIGINT, n BIGINT, s STRUCT<x: INT, y: STRING>, z DOUBLE"));
        assertThat(merged).isEqualTo(ddl("a STRING, n BIGINT, gone STRING, s STRUCT<x: INT, y: STRING>, z DOUBLE"));
    }
}
