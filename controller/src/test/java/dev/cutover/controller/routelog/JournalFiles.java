package dev.cutover.controller.routelog;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/** Looking at and damaging journal files in tests: where each record starts, one byte changed. */
final class JournalFiles {

    private JournalFiles() {
    }

    /** The byte offsets where the journal's records start (its lines that hold a JSON object). */
    static List<Long> recordOffsets(Path journal) throws IOException {
        byte[] content = Files.readAllBytes(journal);
        List<Long> starts = new ArrayList<>();
        int lineStart = 0;
        for (int i = 0; i < content.length; i++) {
            if (content[i] == '\n') {
                if (new String(content, lineStart, i - lineStart, java.nio.charset.StandardCharsets.UTF_8)
                        .contains("{")) {
                    starts.add((long) lineStart);
                }
                lineStart = i + 1;
            }
        }
        return starts;
    }

    /** Changes the byte at {@code offset} to another printable byte (never a line end). */
    static void flipByte(Path journal, long offset) throws IOException {
        byte[] content = Files.readAllBytes(journal);
        int at = Math.toIntExact(offset);
        content[at] = (byte) (content[at] == 'x' ? 'y' : 'x');
        Files.write(journal, content);
    }

    /** The byte in the middle of the record starting at {@code start}. */
    static long middleOf(Path journal, long start) throws IOException {
        byte[] content = Files.readAllBytes(journal);
        int end = (int) start;
        while (content[end] != '\n') {
            end++;
        }
        return start + (end - start) / 2;
    }

    /** The names of the files next to the journal that start with {@code prefix}. */
    static List<Path> siblings(Path journal, String prefix) throws IOException {
        try (Stream<Path> files = Files.list(journal.getParent())) {
            return files.filter(f -> f.getFileName().toString().startsWith(prefix)).sorted().toList();
        }
    }
}
