package dev.cutover.streamconfig;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * What one stream's config entry asks for, read through {@link CutoverSettings}: who should lead and
 * where each job writes. An invalid flag is a per-stream problem, never an exception.
 *
 * @param stream    the stream name
 * @param table     its Hive table name; null when the name leaves none (then a problem says why, and a managed
 *                  stream is INVALID)
 * @param position  the switch position
 * @param flag      the raw flag value, when set
 * @param leader    the job that should write production (empty when unmanaged or invalid)
 * @param databases the database per job (empty when unmanaged or invalid)
 * @param problems  human-readable problems, each naming the stream, the value and the way out
 */
public record SwitchState(String stream, String table, Position position, Optional<String> flag,
                          Optional<String> leader, Map<String, DatabaseName> databases, List<String> problems) {

    public enum Position {
        /** Hive ingestion is not enabled for the stream: Cutover leaves it alone. */
        UNMANAGED,
        /** Flag absent or the new job's shadow database: legacy leads. */
        LEGACY_LEADS,
        /** Flag is the production database: the new job leads. */
        NEW_LEADS,
        /** Flag has a value that is not allowed: current routes are kept. */
        INVALID
    }

    public SwitchState {
        Objects.requireNonNull(stream, "stream");
        databases = Map.copyOf(databases);
        problems = List.copyOf(problems);
    }

    public boolean managed() {
        return position != Position.UNMANAGED;
    }

    /**
     * Reads the switch of {@code config} for the stream named {@code stream}. The flag is exact (DESIGN.md, failure
     * model): absent means legacy leads; only the allowed database names, byte for byte, are valid; {@code null},
     * {@code ""}, case or white-space variants and look-alikes are INVALID.
     */
    public static SwitchState read(String stream, StreamConfig config, CutoverSettings settings) {
        String table = TableNames.find(stream).orElse(null);
        List<String> noTable = TableNames.problem(stream).stream().toList();
        boolean enabled = PhpBoolean.isTrue(config.setting(settings.enabledPointer()).orElse(null));
        Optional<JsonNode> raw = config.setting(settings.flagPointer());
        Optional<String> flag = raw.map(v -> v.isTextual() ? v.textValue() : v.toString());
        if (!enabled) {
            return new SwitchState(stream, table, Position.UNMANAGED, flag, Optional.empty(), Map.of(), noTable);
        }
        if (table == null) {
            return new SwitchState(stream, null, Position.INVALID, flag, Optional.empty(), Map.of(), noTable);
        }
        if (raw.isEmpty()) {
            return leading(stream, table, Position.LEGACY_LEADS, flag, settings.legacyJob(), settings);
        }
        if (raw.get().isTextual()) {
            String value = raw.get().textValue();
            if (value.equals(settings.newShadow().value())) {
                return leading(stream, table, Position.LEGACY_LEADS, flag, settings.legacyJob(), settings);
            }
            if (value.equals(settings.productionDatabase().value())) {
                return leading(stream, table, Position.NEW_LEADS, flag, settings.newJob(), settings);
            }
        }
        return new SwitchState(stream, table, Position.INVALID, flag, Optional.empty(), Map.of(),
                List.of(flagProblem(stream, raw.get(), settings)));
    }

    /** Why {@code value} is not a valid flag: the value as written (escaped), what it resembles, the way out. */
    private static String flagProblem(String stream, JsonNode value, CutoverSettings settings) {
        String what;
        if (!value.isTextual()) {
            what = "is " + value + " (" + value.getNodeType().toString().toLowerCase(Locale.ROOT) + "), not a database"
                    + " name";
        } else {
            String text = value.textValue();
            what = "is " + printable(text) + ", which is not allowed: flag values are exact (case, white space and"
                    + " look-alike characters count)";
            String folded = text.strip().toLowerCase(Locale.ROOT);
            for (DatabaseName allowed : settings.allowedFlagValues()) {
                if (!text.isEmpty() && folded.equals(allowed.value())) {
                    what += "; did you mean '" + allowed.value() + "'?";
                }
            }
        }
        return "stream " + stream + ": " + settings.flagPointer() + " " + what + "; set it to one of "
                + settings.allowedFlagValues() + ", byte for byte, or remove the key for legacy to lead (current"
                + " routes are kept)";
    }

    /**
     * A config value as a person can read it in one line: {@code 'event_bogus'} when it is printable ASCII without
     * spaces, otherwise double-quoted with every other character escaped ({@code "event\n"},
     * {@code "\u0435vent"}, {@code ""}).
     */
    public static String printable(String text) {
        if (!text.isEmpty() && text.chars().allMatch(c -> c > 0x20 && c < 0x7f)) {
            return "'" + text + "'";
        }
        StringBuilder out = new StringBuilder("\"");
        for (char c : text.toCharArray()) {
            if (c == '"' || c == '\\') {
                out.append('\\').append(c);
            } else if (c == '\n') {
                out.append("\\n");
            } else if (c == '\t') {
                out.append("\\t");
            } else if (c == '\r') {
                out.append("\\r");
            } else if (c >= 0x20 && c < 0x7f) {
                out.append(c);
            } else {
                out.append(String.format("\\u%04x", (int) c));
            }
        }
        return out.append('"').toString();
    }

    /** The switch of every named stream of {@code snapshot}, in config order (regex keys are not streams). */
    public static Map<String, SwitchState> readAll(Snapshot snapshot, CutoverSettings settings) {
        Map<String, SwitchState> states = new java.util.LinkedHashMap<>();
        snapshot.namedStreams().forEach(c -> states.put(c.name(), read(c.name(), c, settings)));
        return java.util.Collections.unmodifiableMap(states);
    }

    private static SwitchState leading(String stream, String table, Position position, Optional<String> flag,
                                       String leader, CutoverSettings settings) {
        return new SwitchState(stream, table, position, flag, Optional.of(leader),
                settings.databasesWhenLeading(leader), List.of());
    }
}
