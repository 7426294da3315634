package dev.cutover.worker.schema;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * A local schema repository laid out like {@code shared/fixtures/schemas}: {@code <title>/<x.y.z>.json}
 * (or {@code .yaml}), e.g. {@code analytics/legacy/navigationtiming/1.7.0.json}. {@link #latest} picks the
 * highest semantic version of a title.
 */
public final class JsonSchemaRepository {

    private static final Pattern VERSION_FILE = Pattern.compile("(\\d+)\\.(\\d+)\\.(\\d+)\\.(json|yaml|yml)");
    private static final Pattern TITLE = Pattern.compile("[A-Za-z0-9_.-]+(/[A-Za-z0-9_.-]+)*");
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final ObjectMapper YAML = new YAMLMapper();

    private final Path root;

    public JsonSchemaRepository(Path root) {
        this.root = root;
    }

    public Path root() {
        return root;
    }

    /** One schema version: its title, version text, file and parsed content. */
    public record SchemaVersion(String title, String version, Path file, JsonNode schema) {
        /** {@code /title/version}, the value events carry in {@code $schema}. */
        public String uri() {
            return "/" + title + "/" + version;
        }
    }

    /** The latest version of {@code title}; empty when the repository has none. */
    public Optional<SchemaVersion> latest(String title) throws IOException {
        if (!TITLE.matcher(title).matches() || title.contains("..")) {
            throw new IllegalArgumentException("schema title '" + title + "' is not a path of names like"
                    + " 'analytics/legacy/navigationtiming'");
        }
        Path dir = root.resolve(title);
        if (!Files.isDirectory(dir)) {
            return Optional.empty();
        }
        List<Path> versions;
        try (Stream<Path> files = Files.list(dir)) {
            versions = files.filter(p -> VERSION_FILE.matcher(p.getFileName().toString()).matches())
                    .sorted(Comparator.comparing(JsonSchemaRepository::versionKey)).toList();
        }
        if (versions.isEmpty()) {
            return Optional.empty();
        }
        Path file = versions.get(versions.size() - 1);
        String name = file.getFileName().toString();
        String version = name.substring(0, name.lastIndexOf('.'));
        JsonNode schema = name.endsWith(".json") ? JSON.readTree(file.toFile()) : YAML.readTree(file.toFile());
        return Optional.of(new SchemaVersion(title, version, file, schema));
    }

    /** Like {@link #latest} but failing with a message that names the title and the repository. */
    public SchemaVersion require(String title) throws IOException {
        return latest(title).orElseThrow(() -> new IllegalStateException("no schema '" + title + "' in the schema"
                + " repository " + root + " (expected " + root.resolve(title) + "/<x.y.z>.json); add it or pass"
                + " --schema-repo"));
    }

    private static String versionKey(Path p) {
        Matcher m = VERSION_FILE.matcher(p.getFileName().toString());
        if (!m.matches()) {
            return "";
        }
        return String.format("%09d.%09d.%09d", Long.parseLong(m.group(1)), Long.parseLong(m.group(2)),
                Long.parseLong(m.group(3)));
    }
}
