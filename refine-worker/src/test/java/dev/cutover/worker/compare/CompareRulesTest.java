package dev.cutover.worker.compare;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cutover.protocol.CompareDetail;
import dev.cutover.protocol.CompareDetail.SchemaDiff;
import dev.cutover.protocol.CompareDetail.TypeMismatch;
import dev.cutover.protocol.Hour;
import dev.cutover.protocol.ProtocolJson;
import dev.cutover.protocol.Verdict;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;

class CompareRulesTest {

    private static StructType ddl(String ddl) {
        return (StructType) DataType.fromDDL(ddl);
    }

    @Test
    void theColumnsDiffNamesColumnsOnOneSideAndTypeMismatchesAndCountsTheCommonOnes() {
        CompareRules.Columns columns = CompareRules.columns(ddl("a STRING, n INT, added STRING, b BIGINT"),
                ddl("b BIGINT, a STRING, n BIGINT, gone STRING"));

        assertThat(columns.diff()).isEqualTo(new SchemaDiff(List.of("added"), List.of("gone"),
                List.of(new TypeMismatch("n", "INT", "BIGINT")), 2));
        assertThat(columns.common()).as("in the left side's order").containsExactly("a", "b");
        assertThat(columns.diff().same()).isFalse();
        assertThat(CompareRules.columns(ddl("a STRING"), ddl("a STRING")).diff().same()).isTrue();
    }

    @Test
    void columnsMatchCaseInsensitivelyAsHiveDoesAndTypesAreComparedWithoutTheirComments() {
        // a production table created before top-level names were lower-cased (webHost) against a new one (webhost);
        // descriptions (comments) describe the data but do not change it
        CompareRules.Columns columns = CompareRules.columns(
                ddl("webhost STRING, meta STRUCT<id: STRING COMMENT 'Unique ID of this event'>, seqid BIGINT"),
                ddl("webHost STRING COMMENT 'Request host', meta STRUCT<id: STRING>, seqId INT"));

        assertThat(columns.common()).as("named as the left side spells them").containsExactly("webhost", "meta");
        assertThat(columns.diff()).isEqualTo(new SchemaDiff(List.of(), List.of(),
                List.of(new TypeMismatch("seqid", "BIGINT", "INT")), 2));
    }

    @Test
    void aScannedHourFailsForEveryColumnDifferenceAndForDifferentCountsOrChecksums() {
        SchemaDiff schema = new SchemaDiff(List.of("added"), List.of("gone"),
                List.of(new TypeMismatch("n", "INT", "BIGINT")), 2);

        assertThat(CompareRules.reasons(schema, "event_airflow", "event", 10, 9, false)).containsExactly(
                "column added only in event_airflow", "column gone only in event",
                "column n is INT in event_airflow but BIGINT in event", "row counts differ: 10 vs 9",
                "content checksums over the common columns differ");
        assertThat(CompareRules.reasons(new SchemaDiff(List.of(), List.of(), List.of(), 3), "l", "r", 5, 5, true))
                .as("a PASS").isEmpty();
    }

    @Test
    void theDetailIsWrittenWithTheFieldNamesTheCompareJsonAlwaysHad() throws Exception {
        CompareDetail detail = new CompareDetail("s", Hour.parse("2026-11-22T10"), "s",
                new CompareDetail.Side("event_airflow", 1, 10L, "c", null, null,
                        new CompareDetail.Recorded(10L, "c", "20261122T100000-0123abcd", "refine")),
                new CompareDetail.Side("event", 1, 9L, "d", null, null, null),
                CompareRules.columns(ddl("a STRING"), ddl("a STRING")).diff(), "scan", "--full-scan", Verdict.FAIL,
                List.of("row counts differ: 10 vs 9"), List.of(),
                new CompareDetail.KeyedDiff("meta.id", 1, 0, 0, Map.of(), List.of("id-1")), null);

        var json = ProtocolJson.MAPPER.readTree(ProtocolJson.write(detail));

        assertThat(json.fieldNames()).toIterable().containsExactly("stream", "hour", "table", "left", "right",
                "schema", "method", "scan_reason", "verdict", "reasons", "warnings", "diff");
        assertThat(json.get("schema").fieldNames()).toIterable().containsExactly("only_left", "only_right",
                "type_mismatch", "common");
        assertThat(json.get("diff").fieldNames()).toIterable().containsExactly("key", "left_only", "right_only",
                "changed", "column_mismatches", "sample_ids");
        assertThat(json.get("left").get("recorded").fieldNames()).toIterable().containsExactly("rows", "checksum",
                "commit_id", "action");
    }
}
