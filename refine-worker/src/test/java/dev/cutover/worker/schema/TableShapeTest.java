package dev.cutover.worker.schema;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cutover.worker.TestSpark;
import dev.cutover.worker.transform.TransformChain;
import java.io.IOException;
import org.apache.spark.sql.types.ArrayType;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.MapType;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;

/**
 * The table schema a job's output gets, rule by rule, against the peer's normalisation
 * ({@code normalizeFieldNamesAndWidenTypes}: TestHiveExtensions "Normalize and widen a DataFrame with inconsistent field
 * name casing", TestTransformFunctions "normalizeFieldNamesAndWidenTypes") and its Hive DDL
 * (TestTableSchemaManager "generate statements to create a table": root comments left out, nested ones kept).
 */
class TableShapeTest {

    private static StructType ddl(String ddl) {
        return (StructType) DataType.fromDDL(ddl);
    }

    private static final StructType DESCRIBED = ddl("UPPER_CASE_FIELD STRING COMMENT 'upper', webHost STRING COMMENT 'host',"
            + " event STRUCT<numField: BIGINT COMMENT 'a number', Inner: STRUCT<x: STRING COMMENT 'x'>> COMMENT 'the event',"
            + " list ARRAY<STRUCT<p: STRING COMMENT 'p'>>, slots MAP<STRING, STRUCT<v: STRING COMMENT 'v'>>");

    private static String comment(StructType struct, String field) {
        return TableShape.comment(struct.apply(field)).orElse(null);
    }

    @Test
    void topLevelNamesAreLowerCasedAndNestedNamesKeepTheirCase() {
        StructType shaped = TableShape.PEER.apply((StructType) TableShape.withoutMetadata(DESCRIBED), DESCRIBED);
        assertThat(shaped.fieldNames()).containsExactly("upper_case_field", "webhost", "event", "list", "slots");
        assertThat(((StructType) shaped.apply("event").dataType()).fieldNames()).containsExactly("numField", "Inner");
    }

    @Test
    void nestedFieldsCarryTheirDescriptionsAndTopLevelColumnsNoneByDefaultAsThePeersHiveTablesDo() {
        StructType output = (StructType) TableShape.withoutMetadata(DESCRIBED);
        StructType shaped = TableShape.PEER.apply(output, DESCRIBED);
        assertThat(comment(shaped, "webhost")).isNull();
        assertThat(comment(shaped, "event")).isNull();
        StructType event = (StructType) shaped.apply("event").dataType();
        assertThat(comment(event, "numField")).isEqualTo("a number");
        assertThat(comment((StructType) event.apply("Inner").dataType(), "x")).isEqualTo("x");
        StructType item = (StructType) ((ArrayType) shaped.apply("list").dataType()).elementType();
        assertThat(comment(item, "p")).isEqualTo("p");
        StructType value = (StructType) ((MapType) shaped.apply("slots").dataType()).valueType();
        assertThat(comment(value, "v")).isEqualTo("v");
    }

    @Test
    void theTopLevelCommentsOptionKeepsTopLevelDescriptionsToo() {
        StructType shaped = new TableShape(true).apply((StructType) TableShape.withoutMetadata(DESCRIBED), DESCRIBED);
        assertThat(comment(shaped, "webhost")).isEqualTo("host");
        assertThat(comment(shaped, "event")).isEqualTo("the event");
        assertThat(comment((StructType) shaped.apply("event").dataType(), "numField")).isEqualTo("a number");
    }

    @Test
    void aTopLevelCommentLongerThanTheMetastoreKeepsIsCutTo256CharactersAndNestedOnesAreKeptWhole() {
        String longText = "x".repeat(300);
        StructType described = new StructType().add("a", DataTypes.StringType, true, "short")
                .add("s", new StructType().add("b", DataTypes.StringType, true, longText))
                .add("long", DataTypes.StringType, true, longText);
        StructType shaped = new TableShape(true).apply((StructType) TableShape.withoutMetadata(described), described);
        assertThat(comment(shaped, "a")).isEqualTo("short");
        assertThat(comment(shaped, "long")).hasSize(TableShape.MAX_COLUMN_COMMENT).isEqualTo("x".repeat(253) + "...");
        assertThat(comment((StructType) shaped.apply("s").dataType(), "b")).isEqualTo(longText);
        assertThat(TableShape.columnComment("y".repeat(252) + "\uD83D\uDE00" + "z".repeat(10)))
                .as("never half a surrogate pair").isEqualTo("y".repeat(252) + "...");
    }

    @Test
    void theOptionIsAPerStreamEntryOfTheTransformListThatLeavesTheDataAlone() {
        TransformChain chain = TransformChain.parse("deduplicate,top_level_comments@eventlogging_NavigationTiming");
        assertThat(chain.tableShape("eventlogging_NavigationTiming").topLevelComments()).isTrue();
        assertThat(chain.tableShape("mediawiki.page-create")).isEqualTo(TableShape.PEER);
        assertThat(TransformChain.defaults().tableShape("eventlogging_NavigationTiming")).isEqualTo(TableShape.PEER);
        assertThatThrownBy(() -> TransformChain.parse("top_level_comments(x)"))
                .hasMessageContaining("top_level_comments").hasMessageContaining("no arguments");
    }

    @Test
    void fieldsAddedByTransformsAreKeptWithoutCommentsAndDescriptionsMatchCaseInsensitively() {
        StructType output = ddl("WEBHOST STRING, event STRUCT<NUMFIELD: BIGINT>,"
                + " normalized_host STRUCT<project: STRING, tld: STRING>");
        StructType shaped = new TableShape(true).apply(output, DESCRIBED);
        assertThat(shaped.fieldNames()).containsExactly("webhost", "event", "normalized_host");
        assertThat(comment(shaped, "webhost")).isEqualTo("host");
        assertThat(comment((StructType) shaped.apply("event").dataType(), "NUMFIELD")).isEqualTo("a number");
        assertThat(comment(shaped, "normalized_host")).isNull();
        assertThat(((StructType) shaped.apply("normalized_host").dataType()).fields())
                .allMatch(f -> TableShape.comment(f).isEmpty());
    }

    @Test
    void twoColumnsThatDifferOnlyInCaseAreRefusedNamingBothAndTheWayOut() {
        assertThatThrownBy(() -> TableShape.PEER.apply(ddl("webHost STRING, webhost STRING"), DESCRIBED))
                .hasMessageContaining("'webHost'").hasMessageContaining("'webhost'").hasMessageContaining("drop_columns");
    }

    @Test
    void everyColumnIsNullableAndTypesAreKept() {
        StructType output = new StructType(new StructField[] {
            new StructField("F1", DataTypes.LongType, false, org.apache.spark.sql.types.Metadata.empty())});
        StructType shaped = TableShape.PEER.apply(output, new StructType());
        assertThat(shaped.apply("f1").nullable()).isTrue();
        assertThat(shaped.apply("f1").dataType()).isEqualTo(DataTypes.LongType);
    }

    @Test
    void navigationTimingsTableHasLowerCaseColumnsAndItsEventFieldsCarryTheSchemasDescriptions() throws IOException {
        var nt = new JsonSchemaRepository(TestSpark.schemas()).require("analytics/legacy/navigationtiming");
        StructType table = JsonSchemaConverter.tableSchema(nt.schema(), "nt");
        StructType shaped = TableShape.PEER.apply(table, table);
        assertThat(shaped.fieldNames()).contains("webhost", "recvfrom", "seqid", "uuid", "_schema")
                .doesNotContain("webHost", "recvFrom", "seqId");
        StructType event = (StructType) shaped.apply("event").dataType();
        assertThat(comment(event, "connectEnd"))
                .isEqualTo(nt.schema().at("/properties/event/properties/connectEnd/description").asText());
    }

    @Test
    void theFingerprintIgnoresComments() {
        assertThat(SchemaFingerprint.of(DESCRIBED)).isEqualTo(SchemaFingerprint.of(
                (StructType) TableShape.withoutMetadata(DESCRIBED)));
        assertThat(SchemaFingerprint.of(ddl("a STRING"))).isNotEqualTo(SchemaFingerprint.of(ddl("a BIGINT")));
    }
}
