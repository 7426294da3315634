package dev.cutover.worker.transform;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cutover.protocol.Hour;
import dev.cutover.worker.Fixtures;
import dev.cutover.worker.TestSpark;
import dev.cutover.worker.WorkerMain;
import dev.cutover.worker.cli.WorkerContext;
import dev.cutover.worker.raw.RawLayout;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.spark.sql.Row;

/**
 * What the transform ITs need to go through the real refine path: raw JSON-lines hours written on disk in Gobblin's
 * layout, {@code refine} (and {@code evolve}) run in-process through {@link WorkerMain} (the shared Spark session), the
 * rows read back from the Hive table by {@code meta.id}.
 */
public final class RefinedHours {

    public static final String NAVIGATION_TIMING = "eventlogging_NavigationTiming";
    /** A Test Kitchen stream ({@code is_test_kitchen_stream}): its events carry {@code agent.ua_string}. */
    public static final String WEB_BASE = "product_metrics.web_base";
    public static final String PAGE_CREATE = "mediawiki.page-create";
    private static final String WEB_BASE_TITLE = "analytics/product_metrics/web/base";
    private static final ObjectMapper JSON = new ObjectMapper();

    private RefinedHours() {
    }

    /** One in-process run: exit code, stdout (refine: one report per hour), stderr. */
    public record Run(int code, String out, String err) {

        /** stdout as one JSON document (evolve's plan). */
        public JsonNode json() {
            return RefinedHours.json(out);
        }

        public List<JsonNode> reports() {
            return out.lines().map(RefinedHours::json).toList();
        }

        /** The report of {@code stream}'s only hour. */
        public JsonNode report(String stream) {
            List<JsonNode> of = reports().stream().filter(r -> r.path("stream").asText().equals(stream)).toList();
            if (of.size() != 1) {
                throw new AssertionError("expected one report of " + stream + ", got " + of + "\nstderr:\n" + err);
            }
            return of.get(0);
        }
    }

    /** {@code ./cutover refine ARGS} with the production stream config and the schema repository {@code schemas}. */
    public static Run refine(Path schemas, String... args) {
        return run(schemas, "refine", args);
    }

    /** {@code ./cutover evolve ARGS}, like {@link #refine}; its stdout is one JSON plan. */
    public static Run evolve(Path schemas, String... args) {
        return run(schemas, "evolve", args);
    }

    private static Run run(Path schemas, String command, String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        WorkerContext ctx = new WorkerContext(new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8), Fixtures.CLOCK, s -> TestSpark.get());
        List<String> all = new ArrayList<>(List.of(command));
        all.addAll(List.of(args));
        all.addAll(List.of("--config-source", TestSpark.productionConfig().toString(), "--schema-repo",
                schemas.toString()));
        int code = WorkerMain.run(all.toArray(String[]::new), ctx);
        return new Run(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    /**
     * The shared fixture schemas plus a schema for {@value #WEB_BASE} ({@value #WEB_BASE_TITLE}) that the test writes:
     * the fields a Test Kitchen event brings to these transforms ({@code agent.ua_string}, the contextual attribute the
     * peer's {@code parse_user_agent} reads first, the {@code http} headers and client IP) and {@code meta}.
     */
    public static Path schemaRepository(Path dir) {
        try (Stream<Path> files = Files.walk(TestSpark.schemas())) {
            for (Path from : files.toList()) {
                Path to = dir.resolve(TestSpark.schemas().relativize(from).toString());
                if (Files.isDirectory(from)) {
                    Files.createDirectories(to);
                } else {
                    Files.copy(from, to);
                }
            }
            ObjectNode schema = JSON.createObjectNode().put("title", WEB_BASE_TITLE)
                    .put("$id", "/" + WEB_BASE_TITLE + "/1.0.0").put("type", "object");
            ObjectNode properties = schema.putObject("properties");
            properties.putObject("$schema").put("type", "string");
            properties.putObject("action").put("type", "string");
            ObjectNode agent = properties.putObject("agent").put("type", "object").putObject("properties");
            agent.putObject("client_platform").put("type", "string");
            agent.putObject("ua_string").put("type", "string");
            ObjectNode http = properties.putObject("http").put("type", "object").putObject("properties");
            http.putObject("client_ip").put("type", "string");
            http.putObject("request_headers").put("type", "object").putObject("additionalProperties")
                    .put("type", "string");
            ObjectNode meta = properties.putObject("meta").put("type", "object").putObject("properties");
            for (String field : List.of("domain", "dt", "id", "stream", "uri")) {
                meta.putObject(field).put("type", "string");
            }
            Path title = Files.createDirectories(dir.resolve(WEB_BASE_TITLE));
            Files.writeString(title.resolve("1.0.0.json"), JSON.writeValueAsString(schema));
            return dir;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** An event of {@code stream} with {@code meta} (id, dt within {@code hour}, a wiki domain, stream). */
    public static ObjectNode event(String stream, String hour, String id) {
        ObjectNode event = JSON.createObjectNode();
        event.putObject("meta").put("id", id).put("dt", hour + ":10:00Z").put("domain", "en.wikipedia.org")
                .put("stream", stream);
        return event;
    }

    /**
     * Writes {@code events} as the JSON lines of one complete ({@code _IMPORTED}) raw hour under
     * {@code raw/topicDir} ({@code eventlogging_NavigationTiming}, {@code eqiad.product_metrics.web_base}).
     */
    public static void writeHour(Path raw, String topicDir, String hour, List<ObjectNode> events) {
        Path dir = RawLayout.hourDir(raw, topicDir, Hour.parse(hour));
        try {
            Files.createDirectories(dir);
            StringBuilder lines = new StringBuilder();
            for (ObjectNode e : events) {
                lines.append(JSON.writeValueAsString(e)).append('\n');
            }
            Files.writeString(dir.resolve("part-00000.json"), lines.toString());
            Files.writeString(dir.resolve(RawLayout.IMPORTED_FLAG), "");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The rows of {@code db.table}'s {@code hour} with {@code columns}, by {@code meta.id}. */
    public static Map<String, Row> byId(String db, String table, String hour, String... columns) {
        Map<String, Row> rows = new LinkedHashMap<>();
        String[] selected = Stream.concat(Stream.of("meta.id"), Stream.of(columns)).toArray(String[]::new);
        for (Row r : Fixtures.hour(db, table, hour).selectExpr(selected).collectAsList()) {
            rows.put(r.getString(0), r);
        }
        return rows;
    }

    private static JsonNode json(String text) {
        try {
            return JSON.readTree(text);
        } catch (IOException e) {
            throw new IllegalStateException("not JSON: " + text, e);
        }
    }
}
