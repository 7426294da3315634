package dev.cutover.controller.routelog;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.zip.CRC32C;

/**
 * The journal's bytes. The file starts with the line {@value #HEADER_LINE}; then one line per record:
 * {@code <payload length, 8 hex digits> <crc32c of the payload, 8 hex digits> <payload: one JSON object>\n}.
 * The payload never holds a line end (JSON escapes them), so a record is complete exactly when its line is: the
 * length says where the line end must be, the checksum says the bytes before it are the ones written.
 *
 * <p>Version 1 (before issue 10) had no header and no length: {@code <crc32c> <json>\n}. It is still read.
 */
final class JournalCodec {

    static final String HEADER_LINE = "cutover-journal 2";
    static final byte[] HEADER = (HEADER_LINE + "\n").getBytes(StandardCharsets.US_ASCII);
    /** {@code "0000012c 1a2b3c4d "}: length, space, checksum, space. */
    static final int PREFIX = 18;

    static final ObjectMapper JSON = JsonMapper.builder().addModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES).build();

    private JournalCodec() {
    }

    static byte[] encode(JournalRecord record) {
        byte[] json;
        try {
            json = JSON.writeValueAsBytes(record);
        } catch (IOException e) {
            throw new RouteLogException("cannot encode a route log record: " + e.getMessage(), e);
        }
        byte[] prefix = (hex(json.length) + " " + crc(json, 0, json.length) + " ").getBytes(StandardCharsets.US_ASCII);
        byte[] line = new byte[prefix.length + json.length + 1];
        System.arraycopy(prefix, 0, line, 0, prefix.length);
        System.arraycopy(json, 0, line, prefix.length, json.length);
        line[line.length - 1] = '\n';
        return line;
    }

    static JournalRecord decode(byte[] content, int offset, int length) throws IOException {
        return JSON.readValue(content, offset, length, JournalRecord.class);
    }

    static String crc(byte[] content, int offset, int length) {
        CRC32C crc = new CRC32C();
        crc.update(content, offset, length);
        return hex((int) crc.getValue());
    }

    private static String hex(int value) {
        return HexFormat.of().toHexDigits(value);
    }

    /** The 8 lower-case hex digits at {@code offset} as a number, or -1 when they are not that. */
    static long hexAt(byte[] content, int offset) {
        if (offset + 8 > content.length) {
            return -1;
        }
        long value = 0;
        for (int i = offset; i < offset + 8; i++) {
            int digit = Character.digit(content[i], 16);
            if (digit < 0 || Character.isUpperCase(content[i])) {
                return -1;
            }
            value = value * 16 + digit;
        }
        return value;
    }
}
