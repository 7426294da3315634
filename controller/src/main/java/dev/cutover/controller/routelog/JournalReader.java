package dev.cutover.controller.routelog;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Reads a journal's bytes strictly ({@link JournalCodec} has the format). The one defect it tolerates is an
 * incomplete last record, a crash mid-append: bytes after the last line end that are shorter than the record they
 * start (or a header cut short). Anything else is {@link Damage}: a line whose length or checksum does not match, a
 * complete record without its line end, a checksummed record that does not parse, an epoch going back.
 */
final class JournalReader {

    /** The incomplete last record: from {@code offset} to the end of the file. */
    record Tail(long offset, long length) {
    }

    /** Everything read: the folded state, the format version (0 for an empty file), where the good records end. */
    record Contents(JournalState state, int version, int records, long end, Optional<Tail> tail) {
    }

    /** Where the journal is damaged and how. */
    static final class Damage extends Exception {
        private final long offset;
        private final String problem;

        Damage(long offset, String problem) {
            super(problem + " at offset " + offset, null, false, false);
            this.offset = offset;
            this.problem = problem;
        }

        long offset() {
            return offset;
        }

        String problem() {
            return problem;
        }
    }

    private final byte[] content;
    private final JournalState state = new JournalState();
    private int records;

    private JournalReader(byte[] content) {
        this.content = content;
    }

    static Contents read(byte[] content) throws Damage {
        return new JournalReader(content).read();
    }

    private Contents read() throws Damage {
        if (content.length == 0) {
            return new Contents(state, 0, 0, 0, Optional.empty());
        }
        int newline = indexOf('\n', 0);
        byte[] firstLine = Arrays.copyOfRange(content, 0, newline < 0 ? content.length : newline);
        String first = new String(firstLine, StandardCharsets.US_ASCII);
        if (JournalCodec.HEADER_LINE.startsWith(first) || first.startsWith("cutover-journal")) {
            if (newline < 0 && JournalCodec.HEADER_LINE.startsWith(first)) {
                return new Contents(state, 2, 0, 0, Optional.of(new Tail(0, content.length)));
            }
            if (!first.equals(JournalCodec.HEADER_LINE)) {
                throw new Damage(0, "the header line is '" + printable(first) + "', not '"
                        + JournalCodec.HEADER_LINE + "' (a journal of another version, or damaged)");
            }
            return records(2, newline + 1);
        }
        if (JournalCodec.hexAt(content, 0) >= 0 && content.length > 8 && content[8] == ' ') {
            return records(1, 0);
        }
        throw new Damage(0, "the file does not start with '" + JournalCodec.HEADER_LINE + "' and is not a version 1"
                + " journal either");
    }

    private Contents records(int version, int start) throws Damage {
        int offset = start;
        while (offset < content.length) {
            int newline = indexOf('\n', offset);
            if (newline < 0) {
                checkIncomplete(version, offset);
                return new Contents(state, version, records, offset, Optional.of(new Tail(offset,
                        content.length - offset)));
            }
            JournalRecord record = version == 2 ? lineV2(offset, newline) : lineV1(offset, newline);
            Optional<String> problem = state.problemWith(record);
            if (problem.isPresent()) {
                throw new Damage(offset, "the record is readable but " + problem.get());
            }
            state.apply(record);
            records++;
            offset = newline + 1;
        }
        return new Contents(state, version, records, offset, Optional.empty());
    }

    /**
     * An unterminated last record is a torn append when it is the start of a record (or the zeros a crash can leave)
     * shorter than its length says; a complete record without its line end, or other bytes, are damage.
     */
    private void checkIncomplete(int version, int offset) throws Damage {
        if (version != 2) {
            return;
        }
        boolean zeros = true;
        for (int i = offset; i < content.length && zeros; i++) {
            zeros = content[i] == 0;
        }
        if (zeros) {
            return;
        }
        for (int i = offset; i < Math.min(content.length, offset + JournalCodec.PREFIX); i++) {
            int at = i - offset;
            boolean expected = at == 8 || at == 17 ? content[i] == ' '
                    : Character.digit(content[i], 16) >= 0 && !Character.isUpperCase(content[i]);
            if (!expected) {
                throw new Damage(offset, "the file ends in " + (content.length - offset) + " bytes that are not the"
                        + " start of a record");
            }
        }
        long length = JournalCodec.hexAt(content, offset);
        if (length >= 0 && content.length - offset > JournalCodec.PREFIX + length) {
            throw new Damage(offset, "the last record is complete (" + length + " bytes of payload) but its line end"
                    + " is missing or damaged");
        }
    }

    private JournalRecord lineV2(int offset, int newline) throws Damage {
        long length = JournalCodec.hexAt(content, offset);
        if (length < 0 || newline - offset < JournalCodec.PREFIX || content[offset + 8] != ' '
                || content[offset + 17] != ' ' || JournalCodec.hexAt(content, offset + 9) < 0) {
            throw new Damage(offset, "the line does not start with a record's length and checksum");
        }
        int payload = newline - offset - JournalCodec.PREFIX;
        if (payload != length) {
            throw new Damage(offset, "the record's length says " + length + " bytes but its line holds " + payload);
        }
        return checked(offset, offset + 9, offset + JournalCodec.PREFIX, payload);
    }

    private JournalRecord lineV1(int offset, int newline) throws Damage {
        if (newline - offset < 9 || JournalCodec.hexAt(content, offset) < 0 || content[offset + 8] != ' ') {
            throw new Damage(offset, "the line does not start with a record's checksum");
        }
        return checked(offset, offset, offset + 9, newline - offset - 9);
    }

    private JournalRecord checked(int offset, int crcAt, int payloadAt, int length) throws Damage {
        String stored = new String(content, crcAt, 8, StandardCharsets.US_ASCII);
        String actual = JournalCodec.crc(content, payloadAt, length);
        if (!stored.equals(actual)) {
            throw new Damage(offset, "the record's checksum is " + stored + " but its bytes give " + actual);
        }
        try {
            return JournalCodec.decode(content, payloadAt, length);
        } catch (IOException | IllegalArgumentException | NullPointerException e) {
            throw new Damage(offset, "the record's checksum is right but it does not parse (" + e.getMessage() + ")");
        }
    }

    /**
     * The highest epoch per stream in the readable records from {@code offset} on (records that do not check out
     * are skipped): what a repair cutting the journal at {@code offset} must not hand out again.
     */
    static Map<String, Long> epochsFrom(byte[] content, long offset) {
        JournalReader reader = new JournalReader(content);
        Map<String, Long> epochs = new TreeMap<>();
        int at = Math.toIntExact(offset);
        while (at < content.length) {
            int newline = reader.indexOf('\n', at);
            if (newline < 0) {
                break;
            }
            try {
                JournalRecord record = reader.lineV2(at, newline);
                record.routes().forEach(r -> epochs.merge(r.state().stream(), r.state().epoch(), Math::max));
                record.epochs().forEach((stream, epoch) -> epochs.merge(stream, epoch, Math::max));
            } catch (Damage skipped) {
                // not readable: nothing to learn from it
            }
            at = newline + 1;
        }
        return epochs;
    }

    private int indexOf(char c, int from) {
        for (int i = from; i < content.length; i++) {
            if (content[i] == c) {
                return i;
            }
        }
        return -1;
    }

    private static String printable(String line) {
        return line.substring(0, Math.min(line.length(), 40)).replaceAll("[^\\x20-\\x7e]", "?");
    }
}
