package dev.cutover.streamconfig.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** The shared real-world fixtures, found through the {@code cutover.shared.dir} system property. */
public final class Fixtures {

    public static final ObjectMapper JSON = JsonMapper.builder().build();

    private Fixtures() {
    }

    public static Path sharedDir() {
        String dir = System.getProperty("cutover.shared.dir");
        if (dir == null) {
            throw new IllegalStateException("system property cutover.shared.dir is not set (run the tests with Maven)");
        }
        return Path.of(dir);
    }

    public static Path productionAll() {
        return sharedDir().resolve("fixtures/streamconfigs/production-all.json");
    }

    public static Path sample() {
        return sharedDir().resolve("fixtures/streamconfigs/sample.json");
    }

    public static byte[] bytes(Path file) {
        try {
            return Files.readAllBytes(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The {@code streams} object of a fixture in the API shape. */
    public static ObjectNode streams(Path file) {
        try {
            JsonNode root = JSON.readTree(file.toFile());
            return (ObjectNode) root.get("streams");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** {@code {"streams": streams}} as bytes. */
    public static byte[] apiDocument(ObjectNode streams) {
        ObjectNode root = JSON.createObjectNode();
        root.set("streams", streams);
        try {
            return JSON.writeValueAsBytes(root);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static void write(Path file, byte[] content) {
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
            Files.write(file, content);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
