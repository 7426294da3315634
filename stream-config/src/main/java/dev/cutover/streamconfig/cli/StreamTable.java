package dev.cutover.streamconfig.cli;

import dev.cutover.streamconfig.CutoverSettings;
import dev.cutover.streamconfig.SwitchState;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/** Renders {@link StreamRow}s as a text table with aligned columns. */
final class StreamTable {

    private static final List<String> HEADER =
            List.of("STREAM", "TABLE", "MANAGED", "FLAG", "LEADER", "DATABASES", "PROBLEMS");

    private StreamTable() {
    }

    static String render(List<StreamRow> rows, CutoverSettings settings) {
        List<List<String>> cells = new ArrayList<>();
        cells.add(HEADER);
        for (StreamRow row : rows) {
            cells.add(List.of(row.stream(), row.table().orElse("-"), row.managed() ? "yes" : "no",
                    row.flag().map(StreamTable::flag).orElse("-"), row.leader().orElse("-"), databases(row, settings),
                    row.problems().isEmpty() ? "-" : String.join("; ", row.problems())));
        }
        int[] widths = new int[HEADER.size()];
        for (List<String> line : cells) {
            for (int i = 0; i < line.size(); i++) {
                widths[i] = Math.max(widths[i], line.get(i).length());
            }
        }
        StringBuilder text = new StringBuilder();
        for (List<String> line : cells) {
            StringBuilder out = new StringBuilder();
            for (int i = 0; i < line.size(); i++) {
                out.append(i == line.size() - 1 ? line.get(i) : pad(line.get(i), widths[i] + 2));
            }
            text.append(out.toString().stripTrailing()).append(System.lineSeparator());
        }
        return text.toString();
    }

    private static String databases(StreamRow row, CutoverSettings settings) {
        if (row.databases().isEmpty()) {
            return "-";
        }
        return settings.jobs().stream().filter(row.databases()::containsKey)
                .map(job -> job + "=" + row.databases().get(job)).collect(Collectors.joining(" "));
    }

    /** A flag as written, escaped when it has white space or other characters that would hide in a table. */
    private static String flag(String value) {
        return !value.isEmpty() && value.chars().allMatch(c -> c > 0x20 && c < 0x7f) ? value
                : SwitchState.printable(value);
    }

    private static String pad(String value, int width) {
        return value + " ".repeat(Math.max(0, width - value.length()));
    }
}
