package dev.cutover.worker.schema;

import dev.cutover.streamconfig.Snapshot;
import dev.cutover.streamconfig.StreamConfig;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.spark.sql.types.StructType;

/**
 * Resolves a stream to its schema: stream config {@code schema_title} -> latest version in the repository
 * -> Spark read and table schemas. Results are cached per stream for the life of the process.
 */
public final class StreamSchemas {

    /** A stream's converted schema. */
    public record StreamSchema(String stream, JsonSchemaRepository.SchemaVersion version, StructType readSchema,
                               StructType tableSchema) {
        public String fingerprint() {
            return SchemaFingerprint.of(tableSchema);
        }
    }

    private final Snapshot config;
    private final JsonSchemaRepository repository;
    private final Map<String, StreamSchema> cache = new ConcurrentHashMap<>();

    public StreamSchemas(Snapshot config, JsonSchemaRepository repository) {
        this.config = config;
        this.repository = repository;
    }

    public Snapshot config() {
        return config;
    }

    public JsonSchemaRepository repository() {
        return repository;
    }

    public StreamConfig streamConfig(String stream) {
        return config.lookup(stream).orElseThrow(() -> new IllegalStateException("stream '" + stream
                + "' is not in the stream config " + config.origin() + "; check the name or pass --config-source"));
    }

    /** The schema of {@code stream}; fails naming the stream when the config or the repository lacks it. */
    public StreamSchema forStream(String stream) {
        return cache.computeIfAbsent(stream, s -> {
            StreamConfig sc = streamConfig(s);
            String title = sc.schemaTitle().orElseThrow(() -> new IllegalStateException("stream '" + s
                    + "' has no schema_title in " + config.origin()));
            try {
                JsonSchemaRepository.SchemaVersion version = repository.require(title);
                String origin = version.file().toString();
                return new StreamSchema(s, version, JsonSchemaConverter.readSchema(version.schema(), origin),
                        JsonSchemaConverter.tableSchema(version.schema(), origin));
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read schema '" + title + "' for stream '" + s + "': "
                        + e.getMessage(), e);
            }
        });
    }
}
