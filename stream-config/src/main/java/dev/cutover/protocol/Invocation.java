package dev.cutover.protocol;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;

import java.util.List;
import java.util.Objects;

/**
 * One run of a job that does not know Cutover (Wikimedia's Refine under systemd timers, an Airflow DAG): refine the
 * hours {@code since} (inclusive) to {@code until} (exclusive) of the tables {@code tables} into
 * {@code output_database}. {@code table_include_regex} selects exactly those tables, matched against the Hive table
 * name as a whole ({@code ^(?:t1|t2)$}). {@code streams} names the streams behind the tables, in the same order.
 * Rendered by {@link Invocations#render}; wire shape of each entry of {@code runs} in
 * {@code GET /v1/jobs/{job}/invocations}.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record Invocation(@JsonProperty("since") Hour since,
                         @JsonProperty("until") Hour until,
                         @JsonProperty("output_database") String outputDatabase,
                         @JsonProperty("table_include_regex") String tableIncludeRegex,
                         @JsonProperty("tables") List<String> tables,
                         @JsonProperty("streams") List<String> streams) {

    public Invocation {
        Objects.requireNonNull(since, "since");
        Objects.requireNonNull(until, "until");
        Objects.requireNonNull(outputDatabase, "output_database");
        Objects.requireNonNull(tableIncludeRegex, "table_include_regex");
        if (!since.isBefore(until)) {
            throw new IllegalArgumentException("a run ends before it starts: since " + since + ", until " + until
                    + " (until is exclusive)");
        }
        tables = tables == null ? List.of() : List.copyOf(tables);
        streams = streams == null ? List.of() : List.copyOf(streams);
    }

    /** A run of {@code tables} (sorted by the caller), with the regex that selects exactly them. */
    public static Invocation of(Hour since, Hour until, String outputDatabase, List<String> tables,
                                List<String> streams) {
        return new Invocation(since, until, outputDatabase, includeRegex(tables), tables, streams);
    }

    /** How many hours the run covers. */
    public long hours() {
        return java.time.Duration.between(since.start(), until.start()).toHours();
    }

    /**
     * {@code ^(?:t1|t2|...)$}: exactly these table names, whether the regex is matched as a whole (Refine) or found
     * in the name. Characters other than {@code [A-Za-z0-9_]} are escaped (table names have none, by
     * {@link dev.cutover.streamconfig.TableNames}; escaped anyway).
     */
    public static String includeRegex(List<String> tables) {
        if (tables.isEmpty()) {
            throw new IllegalArgumentException("a run needs at least one table");
        }
        StringBuilder regex = new StringBuilder("^(?:");
        for (int i = 0; i < tables.size(); i++) {
            if (i > 0) {
                regex.append('|');
            }
            escape(tables.get(i), regex);
        }
        return regex.append(")$").toString();
    }

    private static void escape(String table, StringBuilder out) {
        for (int i = 0; i < table.length(); i++) {
            char c = table.charAt(i);
            boolean plain = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
            if (!plain) {
                if (c > 0x7e || c < 0x20) {
                    out.append(String.format("\\x{%x}", (int) c));
                    continue;
                }
                out.append('\\');
            }
            out.append(c);
        }
    }
}
