package dev.cutover.worker.generate;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cutover.protocol.Hour;
import dev.cutover.streamconfig.StreamConfig;
import dev.cutover.worker.raw.RawLayout;
import dev.cutover.worker.schema.JsonSchemaRepository;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.zip.GZIPOutputStream;

/**
 * Writes synthetic raw hours in Gobblin's layout: one directory per topic of the stream
 * ({@code eqiad.mediawiki.page-create}, {@code eventlogging_NavigationTiming}), events spread over the
 * topics, a gzip JSON-lines file per directory and the {@code _IMPORTED} flag last. Duplicates repeat an
 * earlier line of the hour; canaries have {@code meta.domain = canary}; corrupt lines are not JSON.
 * The same seed gives the same files.
 */
public final class RawGenerator {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** What to generate. Probabilities are per line, in [0, 1]. */
    public record Spec(String stream, Hour from, Hour to, int eventsPerHour, double duplicates, double canary,
                       double corrupt, long seed, boolean gzip, boolean imported) {
    }

    /** What one hour got; {@code expectedRows} = distinct valid non-canary events (what refine keeps). */
    public record HourSummary(@JsonProperty("stream") String stream, @JsonProperty("hour") String hour,
                              @JsonProperty("lines") int lines, @JsonProperty("duplicates") int duplicates,
                              @JsonProperty("canaries") int canaries, @JsonProperty("corrupt") int corrupt,
                              @JsonProperty("expected_rows") int expectedRows, @JsonProperty("dirs") List<String> dirs) {
    }

    private final JsonSchemaRepository schemas;

    public RawGenerator(JsonSchemaRepository schemas) {
        this.schemas = schemas;
    }

    public List<HourSummary> generate(StreamConfig config, Spec spec, Path rawRoot) throws IOException {
        String title = config.schemaTitle().orElseThrow(() -> new IllegalArgumentException("stream '" + spec.stream()
                + "' has no schema_title in the stream config"));
        JsonSchemaRepository.SchemaVersion version = schemas.require(title);
        EventGenerator generator = new EventGenerator(version.schema(), version.uri(), spec.stream());
        List<String> topics = config.topics().isEmpty() ? List.of(spec.stream()) : config.topics();
        List<HourSummary> summaries = new ArrayList<>();
        for (Hour h = spec.from(); !h.isAfter(spec.to()); h = h.next()) {
            summaries.add(hour(generator, spec, topics, h, rawRoot));
        }
        return summaries;
    }

    private HourSummary hour(EventGenerator generator, Spec spec, List<String> topics, Hour hour, Path rawRoot)
            throws IOException {
        Random random = new Random(spec.seed() * 1_000_003L + hour.toInstant().getEpochSecond() + spec.stream().hashCode());
        List<List<String>> lines = new ArrayList<>();
        topics.forEach(t -> lines.add(new ArrayList<>()));
        List<String> emitted = new ArrayList<>();
        Set<String> keptIds = new HashSet<>();
        int duplicates = 0;
        int canaries = 0;
        int corrupt = 0;
        for (int i = 0; i < spec.eventsPerHour(); i++) {
            List<String> target = lines.get(i % topics.size());
            double roll = random.nextDouble();
            if (roll < spec.corrupt()) {
                target.add("{\"meta\": {\"id\": \"broken-" + i + "\", not json");
                corrupt++;
            } else if (roll < spec.corrupt() + spec.duplicates() && !emitted.isEmpty()) {
                target.add(emitted.get(random.nextInt(emitted.size())));
                duplicates++;
            } else {
                boolean canary = random.nextDouble() < spec.canary();
                ObjectNode event = generator.event(random, hour, canary);
                String line = JSON.writeValueAsString(event);
                emitted.add(line);
                target.add(line);
                if (canary) {
                    canaries++;
                } else {
                    keptIds.add(event.path("meta").path("id").asText(line));
                }
            }
        }
        List<String> dirs = new ArrayList<>();
        for (int t = 0; t < topics.size(); t++) {
            Path dir = RawLayout.hourDir(rawRoot, topics.get(t), hour);
            write(dir, lines.get(t), spec);
            dirs.add(dir.toString());
        }
        return new HourSummary(spec.stream(), hour.toString(), spec.eventsPerHour(), duplicates, canaries, corrupt,
                keptIds.size(), dirs);
    }

    private static void write(Path dir, List<String> lines, Spec spec) {
        try {
            Files.createDirectories(dir);
            Files.deleteIfExists(dir.resolve(RawLayout.IMPORTED_FLAG));
            Path file = dir.resolve(spec.gzip() ? "part-00000.json.gz" : "part-00000.json");
            Path tmp = dir.resolve("." + file.getFileName() + ".tmp");
            try (OutputStream raw = Files.newOutputStream(tmp);
                 OutputStream out = spec.gzip() ? new GZIPOutputStream(raw, 1 << 16) : raw;
                 BufferedWriter w = new BufferedWriter(new OutputStreamWriter(out, StandardCharsets.UTF_8), 1 << 16)) {
                for (String line : lines) {
                    w.write(line);
                    w.write('\n');
                }
            }
            Files.move(tmp, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            if (spec.imported()) {
                Files.writeString(dir.resolve(RawLayout.IMPORTED_FLAG), "");
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write raw hour " + dir + ": " + e.getMessage(), e);
        }
    }
}
