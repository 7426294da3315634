package dev.cutover.controller.routelog;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.Optional;
import java.util.zip.CRC32C;

/** One journal line: {@code <crc32c hex> <batch json>\n}. A line whose checksum does not match is torn. */
final class JournalCodec {

    static final ObjectMapper JSON = JsonMapper.builder().addModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES).build();

    private JournalCodec() {
    }

    static byte[] encode(RouteLog.Batch batch) {
        try {
            String json = JSON.writeValueAsString(batch);
            return (crc(json) + " " + json + "\n").getBytes(StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new RouteLogException("cannot encode a route log batch: " + e.getMessage(), e);
        }
    }

    /** The batch on a complete line, or empty when the line is torn or corrupt. */
    static Optional<RouteLog.Batch> decode(String line) {
        int space = line.indexOf(' ');
        if (space != 8) {
            return Optional.empty();
        }
        String json = line.substring(space + 1);
        if (!crc(json).equals(line.substring(0, space))) {
            return Optional.empty();
        }
        try {
            return Optional.of(JSON.readValue(json, RouteLog.Batch.class));
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    private static String crc(String json) {
        CRC32C crc = new CRC32C();
        crc.update(json.getBytes(StandardCharsets.UTF_8));
        return HexFormat.of().toHexDigits((int) crc.getValue());
    }
}
