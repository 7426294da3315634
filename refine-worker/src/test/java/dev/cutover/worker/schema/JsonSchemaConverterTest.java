package dev.cutover.worker.schema;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.cutover.worker.TestSpark;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.spark.sql.types.ArrayType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.MapType;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JsonSchemaConverterTest {

    private final JsonSchemaRepository repo = new JsonSchemaRepository(TestSpark.schemas());

    @Test
    void convertsNavigationTimingWithMapsAndSanitizedNames() throws IOException {
        var v = repo.require("analytics/legacy/navigationtiming");
        StructType read = JsonSchemaConverter.readSchema(v.schema(), "nt");
        StructType table = JsonSchemaConverter.tableSchema(v.schema(), "nt");
        assertThat(v.version()).isEqualTo("1.7.0");
        assertThat(read.fieldNames()).contains("$schema", "event", "meta", "http", "useragent");
        assertThat(table.fieldNames()).contains("_schema").doesNotContain("$schema");
        StructType event = (StructType) table.apply("event").dataType();
        assertThat(event.apply("isAnon").dataType()).isEqualTo(DataTypes.BooleanType);
        assertThat(event.apply("connectEnd").dataType()).isEqualTo(DataTypes.LongType);
        assertThat(event.apply("cumulativeLayoutShift").dataType()).isEqualTo(DataTypes.DoubleType);
        StructType http = (StructType) table.apply("http").dataType();
        assertThat(http.apply("request_headers").dataType())
                .isEqualTo(DataTypes.createMapType(DataTypes.StringType, DataTypes.StringType, true));
        assertThat(((StructType) table.apply("meta").dataType()).fieldNames())
                .containsExactly("domain", "dt", "id", "request_id", "stream", "uri");
    }

    @Test
    void convertsRevisionCreateWithArraysAndMapOfStructs() throws IOException {
        StructType t = JsonSchemaConverter.tableSchema(repo.require("mediawiki/revision/create").schema(), "rc");
        StructType performer = (StructType) t.apply("performer").dataType();
        assertThat(performer.apply("user_groups").dataType()).isEqualTo(DataTypes.createArrayType(DataTypes.StringType, true));
        MapType slots = (MapType) t.apply("rev_slots").dataType();
        assertThat(((StructType) slots.valueType()).fieldNames()).contains("rev_slot_sha1", "rev_slot_size");
        StructType revert = (StructType) t.apply("rev_revert_details").dataType();
        assertThat(((ArrayType) revert.apply("rev_reverted_revs").dataType()).elementType()).isEqualTo(DataTypes.LongType);
    }

    @Test
    void convertsPageDeleteAndPageChange() throws IOException {
        StructType delete = JsonSchemaConverter.tableSchema(repo.require("mediawiki/page/delete").schema(), "pd");
        assertThat(delete.fieldNames()).contains("page_id", "rev_count", "performer", "meta");
        StructType change = JsonSchemaConverter.tableSchema(repo.require("mediawiki/page/change").schema(), "pc");
        StructType revision = (StructType) change.apply("revision").dataType();
        MapType slots = (MapType) revision.apply("content_slots").dataType();
        assertThat(((StructType) slots.valueType()).fieldNames()).contains("content_body", "slot_role");
        StructType prior = (StructType) change.apply("prior_state").dataType();
        assertThat(prior.fieldNames()).containsExactly("page", "revision");
        assertThat(change.apply("changelog_kind").dataType()).isEqualTo(DataTypes.StringType);
    }

    @Test
    void picksTheLatestVersionByNumberNotByText(@TempDir Path dir) throws IOException {
        Path title = Files.createDirectories(dir.resolve("a/b"));
        Files.writeString(title.resolve("1.9.0.json"), "{\"type\":\"object\",\"properties\":{\"x\":{\"type\":\"string\"}}}");
        Files.writeString(title.resolve("1.10.0.json"), "{\"type\":\"object\",\"properties\":{\"y\":{\"type\":\"string\"}}}");
        assertThat(new JsonSchemaRepository(dir).require("a/b").version()).isEqualTo("1.10.0");
    }

    @Test
    void refusesASchemaWithoutTypesNamingThePath() {
        var node = new ObjectMapper().createObjectNode();
        node.put("type", "object").putObject("properties").putObject("x").put("$ref", "#/definitions/x");
        assertThatThrownBy(() -> JsonSchemaConverter.readSchema(node, "s.json"))
                .hasMessageContaining("s.json").hasMessageContaining("/x").hasMessageContaining("materialized");
    }

    @Test
    void failsClearlyWhenTheSchemaIsMissing(@TempDir Path dir) {
        assertThatThrownBy(() -> new JsonSchemaRepository(dir).require("no/such"))
                .hasMessageContaining("no/such").hasMessageContaining("--schema-repo");
    }

    /**
     * A schema shaped like the peer's converter test schema (wikimedia-event-utilities {@code test/event/1.1.0}):
     * descriptions at the top level, in {@code meta}, on a map and on an array whose items are objects.
     */
    private static final String EVENT = """
            {"title": "test/event", "type": "object", "required": ["$schema", "meta"],
             "properties": {
               "$schema": {"type": "string", "description": "A URI identifying the JSONSchema for this event.\\n"},
               "dt": {"type": "string", "format": "date-time", "description": "UTC event datetime"},
               "meta": {"type": "object", "required": ["stream", "dt"], "properties": {
                 "stream": {"type": "string", "description": "Name of the stream"},
                 "dt": {"type": "string", "format": "date-time", "description": "UTC event datetime"},
                 "id": {"type": "string", "description": "Unique ID of this event"}}},
               "test": {"type": "string"},
               "test_int": {"type": "integer"},
               "test_decimal": {"type": "number"},
               "test_bool": {"type": "boolean"},
               "test_map": {"type": "object", "description": "a map", "additionalProperties": {"type": "string"},
                            "required": ["key1"], "properties": {"key1": {"type": "string"}}},
               "test_array": {"type": "array", "description": "Array with items schema", "items": {"type": "object",
                              "properties": {"prop1": {"type": "string", "description": "prop 1 in array items"}}}}}}
            """;

    private static StructType event() throws IOException {
        return JsonSchemaConverter.tableSchema(new ObjectMapper().readTree(EVENT), "event.json");
    }

    private static String comment(StructType struct, String field) {
        return TableShape.comment(struct.apply(field)).orElse(null);
    }

    @Test
    void descriptionsBecomeCommentsOnTopLevelAndNestedFieldsLikeThePeersConverter() throws IOException {
        StructType t = event();
        assertThat(comment(t, "_schema")).isEqualTo("A URI identifying the JSONSchema for this event.\n");
        assertThat(comment(t, "dt")).isEqualTo("UTC event datetime");
        StructType meta = (StructType) t.apply("meta").dataType();
        assertThat(comment(meta, "stream")).isEqualTo("Name of the stream");
        assertThat(comment(meta, "id")).isEqualTo("Unique ID of this event");
        assertThat(comment(t, "test_map")).isEqualTo("a map");
        assertThat(comment(t, "test_array")).isEqualTo("Array with items schema");
        StructType item = (StructType) ((ArrayType) t.apply("test_array").dataType()).elementType();
        assertThat(comment(item, "prop1")).isEqualTo("prop 1 in array items");
    }

    @Test
    void aPropertyWithoutDescriptionHasNoComment() throws IOException {
        StructType t = event();
        assertThat(comment(t, "test")).isNull();
        assertThat(comment(t, "meta")).isNull();
    }

    @Test
    void integerIsBigintNumberIsDoubleAndDateTimeStaysAStringAsThePeersHiveRefineReadsIt() throws IOException {
        StructType t = event();
        assertThat(t.apply("test_int").dataType()).isEqualTo(DataTypes.LongType);
        assertThat(t.apply("test_decimal").dataType()).isEqualTo(DataTypes.DoubleType);
        assertThat(t.apply("test_bool").dataType()).isEqualTo(DataTypes.BooleanType);
        assertThat(t.apply("dt").dataType()).isEqualTo(DataTypes.StringType);
        assertThat(((StructType) t.apply("meta").dataType()).apply("dt").dataType()).isEqualTo(DataTypes.StringType);
    }

    @Test
    void anObjectWithAnAdditionalPropertiesSchemaIsAMapEvenWithListedPropertiesAndArraysTakeTheirItems()
            throws IOException {
        StructType t = event();
        assertThat(t.apply("test_map").dataType())
                .isEqualTo(DataTypes.createMapType(DataTypes.StringType, DataTypes.StringType, true));
        ArrayType array = (ArrayType) t.apply("test_array").dataType();
        assertThat(((StructType) array.elementType()).fieldNames()).containsExactly("prop1");
    }

    @Test
    void fieldsKeepTheSchemaOrderAndRequiredOnesAreNullableToo() throws IOException {
        StructType t = event();
        assertThat(t.fieldNames()).containsExactly("_schema", "dt", "meta", "test", "test_int", "test_decimal",
                "test_bool", "test_map", "test_array");
        assertThat(t.fields()).allMatch(StructField::nullable);
        assertThat(((StructType) t.apply("meta").dataType()).fields()).allMatch(StructField::nullable);
    }

    @Test
    void namesAreSanitizedAsThePeerNormalizesThemAtEveryLevelKeepingTheirCase() throws IOException {
        var schema = new ObjectMapper().readTree("""
                {"type": "object", "properties": {"$Field-1.other": {"type": "integer"}, "9lives": {"type": "string"},
                 "event": {"type": "object", "properties": {"numField": {"type": "integer"}, "a-b": {"type": "string"}}}}}
                """);
        StructType t = JsonSchemaConverter.tableSchema(schema, "s.json");
        assertThat(t.fieldNames()).containsExactly("_Field_1_other", "_lives", "event");
        assertThat(((StructType) t.apply("event").dataType()).fieldNames()).containsExactly("numField", "a_b");
        assertThat(JsonSchemaConverter.readSchema(schema, "s.json").fieldNames())
                .containsExactly("$Field-1.other", "9lives", "event");
    }

    @Test
    void anArrayWithoutItemsIsRefusedNamingThePath() throws IOException {
        var schema = new ObjectMapper().readTree("""
                {"type": "object", "properties": {"tags": {"type": "array"}}}""");
        assertThatThrownBy(() -> JsonSchemaConverter.readSchema(schema, "s.json"))
                .hasMessageContaining("s.json").hasMessageContaining("/tags").hasMessageContaining("items");
    }

    private static StructType convert(String json) throws IOException {
        return JsonSchemaConverter.tableSchema(new ObjectMapper().readTree(json), "s.json");
    }

    @Test
    void theComplexSchemaOfThePeersSparkConverterTestConvertsWithItsCommentsAndEveryFieldNullable() throws IOException {
        // refinery-spark TestJsonSchemaConverter "convert a properly formatted complex json schema" (required fields
        // were non-nullable there; the peer's Hive DDL makes every column nullable, and so do we)
        StructType t = convert("""
                {"properties": {
                  "test_boolean": {"description": "test boolean comment", "type": "boolean"},
                  "test_object": {"type": "object", "required": ["subfield2"], "properties": {
                    "subfield1": {"description": "test test_object-subobject string comment", "type": "string"},
                    "subfield2": {"description": "test test_object-subobject integer comment", "type": "integer"}}},
                  "test_array": {"description": "test array comment", "type": "array", "items": {"type": "object",
                    "required": ["array_subfield1"], "properties": {
                      "array_subfield1": {"description": "test test_array-subobject boolean comment", "type": "boolean"},
                      "array_subfield2": {"description": "test test_array-subobject number comment", "type": "number"}}}},
                  "test_array_map": {"type": "array", "items": {"type": "object",
                    "additionalProperties": {"type": "string"}}},
                  "draft3": {"type": "boolean", "required": true}},
                 "required": ["test_boolean", "test_array"]}""");
        StructType expected = new StructType()
                .add("test_boolean", DataTypes.BooleanType, true, "test boolean comment")
                .add("test_object", new StructType()
                        .add("subfield1", DataTypes.StringType, true, "test test_object-subobject string comment")
                        .add("subfield2", DataTypes.LongType, true, "test test_object-subobject integer comment"))
                .add("test_array", DataTypes.createArrayType(new StructType()
                        .add("array_subfield1", DataTypes.BooleanType, true, "test test_array-subobject boolean comment")
                        .add("array_subfield2", DataTypes.DoubleType, true, "test test_array-subobject number comment"),
                        true), true, "test array comment")
                .add("test_array_map", DataTypes.createArrayType(
                        DataTypes.createMapType(DataTypes.StringType, DataTypes.StringType, true), true))
                .add("draft3", DataTypes.BooleanType, true);
        assertThat(t).isEqualTo(expected);
        assertThat(t.fields()).extracting(f -> TableShape.comment(f).orElse(null))
                .containsExactly("test boolean comment", null, "test array comment", null, null);
    }

    @Test
    void aNullableTypeListTakesItsNonNullType() throws IOException {
        assertThat(convert("""
                {"type": "object", "properties": {"n": {"type": ["integer", "null"]}, "s": {"type": ["null", "string"]}}}
                """)).isEqualTo(new StructType().add("n", DataTypes.LongType).add("s", DataTypes.StringType));
    }

    @Test
    void malformedSchemasAreRefusedLikeThePeersWithThePathNamed() {
        // refinery-spark TestJsonSchemaConverter's error cases, each an IllegalArgumentException there too
        assertThatThrownBy(() -> convert("""
                {"properties": {"test_boolean": {"description": "empty"}}}"""))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("/test_boolean")
                .hasMessageContaining("type");
        assertThatThrownBy(() -> convert("""
                {"properties": {"test_boolean": {"type": "wrong"}}}"""))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'wrong'");
        assertThatThrownBy(() -> convert("""
                {"properties": {"test_array": {"type": "array", "items": {"description": "empty"}}}}"""))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("/test_array[]");
        assertThatThrownBy(() -> convert("""
                {"properties": {"o": {"type": "object", "properties": {"p1": {"description": "empty"}}}}}"""))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("/o/p1");
        assertThatThrownBy(() -> convert("""
                {"properties": {"o": {"type": "object", "additionalProperties": {"description": "empty"}}}}"""))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("/o{}");
        assertThatThrownBy(() -> convert("1")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> convert("""
                {"properties": {"test_boolean": false}}""")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("/test_boolean");
        assertThatThrownBy(() -> convert("""
                {"type": "object", "properties": {"n": {"type": "integer"}, "a": {"type": "array"}}}"""))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("items");
    }
}
