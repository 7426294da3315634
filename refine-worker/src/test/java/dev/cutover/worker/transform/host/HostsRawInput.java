package dev.cutover.worker.transform.host;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cutover.protocol.Hour;
import dev.cutover.worker.TestSpark;
import dev.cutover.worker.raw.RawLayout;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * The inputs of {@link HostsRefineIT}, written to disk as the worker finds them in production: a stream config file
 * (three production streams, copied from the shared fixture, and {@value #MINIMAL}, whose schema has neither
 * {@code meta.domain} nor {@code webHost}), a schema repository (the fixture's schemas of those streams and
 * {@code test/hosts/minimal}) and raw JSON-lines hours in Gobblin's layout with their {@code _IMPORTED} flags.
 */
final class HostsRawInput {

    static final String NT = "eventlogging_NavigationTiming";
    static final String PAGE_DELETE = "mediawiki.page-delete";
    static final String REVISION_CREATE = "mediawiki.revision-create";
    static final String MINIMAL = "test.hosts.minimal";
    private static final ObjectMapper JSON = new ObjectMapper();

    private HostsRawInput() {
    }

    /** Writes {@code config.json} (the stream config) under {@code dir} and returns it. */
    static Path config(Path dir) throws IOException {
        ObjectNode production = (ObjectNode) JSON.readTree(TestSpark.productionConfig().toFile()).get("streams");
        ObjectNode streams = JSON.createObjectNode();
        for (String s : List.of(NT, PAGE_DELETE, REVISION_CREATE)) {
            streams.set(s, production.get(s).deepCopy());
        }
        ObjectNode minimal = streams.putObject(MINIMAL);
        minimal.put("stream", MINIMAL).put("schema_title", "test/hosts/minimal").putNull("topic_prefixes");
        minimal.putArray("topics").add(MINIMAL);
        minimal.putObject("consumers").putObject("analytics_hive_ingestion").put("enabled", true);
        ObjectNode root = JSON.createObjectNode();
        root.set("streams", streams);
        Path file = dir.resolve("config.json");
        JSON.writerWithDefaultPrettyPrinter().writeValue(file.toFile(), root);
        return file;
    }

    /** Writes a schema repository under {@code dir}/schemas and returns it. */
    static Path schemas(Path dir) throws IOException {
        Path repo = dir.resolve("schemas");
        for (String title : List.of("analytics/legacy/navigationtiming", "mediawiki/page/delete", "mediawiki/revision/create")) {
            Path from = TestSpark.schemas().resolve(title);
            try (Stream<Path> files = Files.list(from)) {
                for (Path f : files.toList()) {
                    Files.createDirectories(repo.resolve(title));
                    Files.copy(f, repo.resolve(title).resolve(f.getFileName()));
                }
            }
        }
        String minimal = "test/hosts/minimal/1.0.0.json";
        try (InputStream in = HostsRawInput.class.getResourceAsStream("/hosts/schemas/" + minimal)) {
            if (in == null) {
                throw new IllegalStateException("test resource /hosts/schemas/" + minimal + " is missing");
            }
            Files.createDirectories(repo.resolve(minimal).getParent());
            Files.write(repo.resolve(minimal), in.readAllBytes());
        }
        return repo;
    }

    /** An Event Platform event: {@code meta.id} and {@code meta.domain} (null writes a JSON null). */
    static ObjectNode metaDomain(Hour hour, String id, String domain) {
        ObjectNode e = JSON.createObjectNode();
        ObjectNode meta = e.putObject("meta").put("id", id).put("dt", hour + ":00:00Z").put("domain", domain);
        meta.put("stream", "test");
        return e;
    }

    /** A legacy EventLogging event as the peer's unmigrated ones: no {@code meta}, {@code uuid} and {@code webHost}. */
    static ObjectNode webHost(String uuid, String webHost) {
        return JSON.createObjectNode().put("uuid", uuid).put("webHost", webHost);
    }

    /** An event with neither source column ({@value #MINIMAL}). */
    static ObjectNode minimal(Hour hour) {
        ObjectNode e = JSON.createObjectNode().put("$schema", "/test/hosts/minimal/1.0.0").put("dt", hour + ":00:00Z");
        e.putObject("meta").put("dt", hour + ":00:00Z").put("stream", MINIMAL);
        return e;
    }

    /** Writes one complete raw hour of {@code topicDir} ({@code <dc>.<stream>} or the stream): JSON lines, flag. */
    static void hour(Path raw, String topicDir, Hour hour, List<ObjectNode> events) {
        Path dir = RawLayout.hourDir(raw, topicDir, hour);
        List<String> lines = new ArrayList<>();
        for (ObjectNode e : events) {
            lines.add(e.toString());
        }
        try {
            Files.createDirectories(dir);
            Files.write(dir.resolve("part-00000.json"), lines, StandardCharsets.UTF_8);
            Files.createFile(dir.resolve(RawLayout.IMPORTED_FLAG));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write raw hour " + dir, e);
        }
    }
}
