package dev.cutover.controller.kafka;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import dev.cutover.controller.model.StreamState;
import dev.cutover.model.RouteHistory;

import java.io.IOException;
import java.io.UncheckedIOException;

/** The JSON of record values: the same shapes the journal stores (snake_case records, ISO instants). */
final class KafkaJson {

    static final ObjectMapper JSON = JsonMapper.builder().addModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES).build();

    private KafkaJson() {
    }

    static byte[] write(Object value) {
        try {
            return JSON.writeValueAsBytes(value);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot encode " + value.getClass().getSimpleName() + ": " + e.getMessage(), e);
        }
    }

    /**
     * A routes-topic value: the stream's state plus the plan's databases ({@code "databases": {"production": ...,
     * "jobs": {job: shadow database}}}), so a worker reading it ({@link RouteHistory}) routes with the plan's names
     * instead of assuming its own. The controller reads the value back as a {@link StreamState} (unknown fields are
     * ignored), so values written with or without the databases stay readable both ways.
     */
    static byte[] writeRoute(StreamState state, RouteHistory.Databases databases) {
        ObjectNode value = JSON.valueToTree(state);
        value.set("databases", JSON.valueToTree(databases));
        return write(value);
    }

    static <T> T read(byte[] bytes, Class<T> type) throws IOException {
        return JSON.readValue(bytes, type);
    }
}
