package dev.cutover.streamconfig;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.JsonPointer;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import dev.cutover.streamconfig.testing.Fixtures;
import org.junit.jupiter.api.Test;

class JsonTreesTest {

    private static JsonNode json(String text) throws Exception {
        return Fixtures.JSON.readTree(text);
    }

    @Test
    void mergesLikePhpArrayReplaceRecursive() throws Exception {
        JsonNode base = json("""
                {"a": {"x": 1, "y": 2}, "list": ["p", "q", "r"], "s": "keep", "replace": {"deep": true}, "n": 1}""");
        JsonNode override = json("""
                {"a": {"y": 3, "z": 4}, "list": ["P"], "replace": "scalar", "n": null, "new": [1]}""");

        JsonNode merged = JsonTrees.replaceRecursive(base, override);

        assertThat(merged).isEqualTo(json("""
                {"a": {"x": 1, "y": 3, "z": 4}, "list": ["P", "q", "r"], "s": "keep", "replace": "scalar",
                 "n": null, "new": [1]}"""));
        assertThat(base.at("/a/y").intValue()).as("inputs untouched").isEqualTo(2);
    }

    @Test
    void setsAndRemovesByPointerPruningEmptyParents() throws Exception {
        ObjectNode root = (ObjectNode) json("{\"consumers\": {\"other\": 1}}");
        JsonPointer flag = JsonPointer.compile("/consumers/analytics_hive_ingestion/hive_database");

        JsonTrees.setAt(root, flag, TextNode.valueOf("event"));
        assertThat(root.at(flag).textValue()).isEqualTo("event");

        JsonNode removed = JsonTrees.removeAt(root, flag);
        assertThat(removed.textValue()).isEqualTo("event");
        assertThat(root).isEqualTo(json("{\"consumers\": {\"other\": 1}}"));
        assertThat(JsonTrees.removeAt(root, flag)).isNull();
    }

    @Test
    void buildsPointersFromKeysWithEscaping() {
        assertThat(JsonTrees.pointer(java.util.List.of("a/b", "c~d")).toString()).isEqualTo("/a~1b/c~0d");
        assertThat(JsonTrees.segments(JsonPointer.compile("/a~1b/c~0d"))).containsExactly("a/b", "c~d");
    }
}
