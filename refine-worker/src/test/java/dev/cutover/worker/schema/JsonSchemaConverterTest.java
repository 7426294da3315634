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
}
