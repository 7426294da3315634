package dev.cutover.streamconfig;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

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

    /**
     * The switch of every named stream of {@code snapshot}, in config order (regex keys are not streams). Managed
     * streams whose names map to one table are INVALID, each naming the others ({@link #read(String, Snapshot,
     * CutoverSettings)}).
     */
    public static Map<String, SwitchState> readAll(Snapshot snapshot, CutoverSettings settings) {
        Map<String, List<String>> managedByTable = new java.util.HashMap<>();
        Map<String, SwitchState> plain = new java.util.LinkedHashMap<>();
        for (StreamConfig config : snapshot.namedStreams()) {
            SwitchState state = read(config.name(), config, settings);
            plain.put(config.name(), state);
            if (state.managed() && state.table() != null) {
                managedByTable.computeIfAbsent(state.table(), t -> new java.util.ArrayList<>()).add(config.name());
            }
        }
        Map<String, SwitchState> states = new java.util.LinkedHashMap<>();
        plain.forEach((name, state) -> states.put(name, state.sharingTableWith(managedByTable
                .getOrDefault(state.table(), List.of()).stream().filter(other -> !other.equals(name)).toList())));
        return java.util.Collections.unmodifiableMap(states);
    }

    /**
     * The switch of {@code stream} in {@code snapshot}, as the controller reconciles it; empty when the snapshot has
     * no entry for it. INVALID, keeping the problems, when
     * <ul>
     *   <li>a regex key gave up on the name before the entry was found ({@link Snapshot#resolve}): which entry
     *       applies is unknown;</li>
     *   <li>it is managed and another managed named stream of the snapshot maps to the same table: both would write
     *       one table (I1).</li>
     * </ul>
     */
    public static Optional<SwitchState> read(String stream, Snapshot snapshot, CutoverSettings settings) {
        Snapshot.Resolution resolution = snapshot.resolve(stream);
        if (!resolution.problems().isEmpty()) {
            List<String> problems = new java.util.ArrayList<>();
            resolution.problems().forEach(p -> problems.add("stream " + stream + ": " + p + " (current routes are"
                    + " kept)"));
            return Optional.of(new SwitchState(stream, TableNames.find(stream).orElse(null), Position.INVALID,
                    Optional.empty(), Optional.empty(), Map.of(), problems));
        }
        if (resolution.entry().isEmpty()) {
            return Optional.empty();
        }
        SwitchState state = read(stream, resolution.entry().get(), settings);
        if (!state.managed() || state.table() == null) {
            return Optional.of(state);
        }
        List<String> others = new java.util.ArrayList<>();
        for (StreamConfig config : TableIndex.of(snapshot).named(state.table())) {
            if (!config.name().equals(stream)
                    && PhpBoolean.isTrue(config.setting(settings.enabledPointer()).orElse(null))) {
                others.add(config.name());
            }
        }
        return Optional.of(state.sharingTableWith(others));
    }

    /**
     * The named streams of one snapshot by table, in config order: what {@link #read(String, Snapshot,
     * CutoverSettings)} looks its table mates up in instead of scanning every entry. Built once per snapshot (the last
     * one is kept: a controller reads one snapshot until the next is applied).
     */
    private record TableIndex(Snapshot snapshot, Map<String, List<StreamConfig>> byTable) {

        private static volatile TableIndex last;

        static TableIndex of(Snapshot snapshot) {
            TableIndex index = last;
            if (index != null && index.snapshot == snapshot) {
                return index;
            }
            Map<String, List<StreamConfig>> byTable = new java.util.HashMap<>();
            for (StreamConfig config : snapshot.namedStreams()) {
                TableNames.find(config.name()).ifPresent(table -> byTable.computeIfAbsent(table,
                        t -> new java.util.ArrayList<>()).add(config));
            }
            index = new TableIndex(snapshot, byTable);
            last = index;
            return index;
        }

        List<StreamConfig> named(String table) {
            return byTable.getOrDefault(table, List.of());
        }
    }

    /**
     * The named streams of {@code snapshot}, other than {@code streams}, whose table is the table of one of
     * {@code streams}: when those change, these must be read again (a collision may start or end).
     */
    public static Set<String> tableMates(Snapshot snapshot, Collection<String> streams) {
        Set<String> tables = new java.util.HashSet<>();
        streams.forEach(s -> TableNames.find(s).ifPresent(tables::add));
        Set<String> mates = new java.util.LinkedHashSet<>();
        for (StreamConfig config : snapshot.namedStreams()) {
            if (!streams.contains(config.name()) && TableNames.find(config.name()).map(tables::contains).orElse(false)) {
                mates.add(config.name());
            }
        }
        return mates;
    }

    /** This state when the managed streams {@code others} map to its table too: INVALID naming them, if any. */
    private SwitchState sharingTableWith(List<String> others) {
        if (!managed() || table == null || others.isEmpty()) {
            return this;
        }
        List<String> all = new java.util.ArrayList<>(problems);
        all.add("stream " + stream + ": its Hive table " + table + " is also the table of managed stream"
                + (others.size() == 1 ? " " : "s ") + String.join(", ", others) + "; two streams writing one table"
                + " would overwrite each other's partitions, so none of them is switched: disable Hive ingestion for"
                + " all but one, or rename them (current routes are kept)");
        return new SwitchState(stream, table, Position.INVALID, flag, Optional.empty(), Map.of(), all);
    }

    private static SwitchState leading(String stream, String table, Position position, Optional<String> flag,
                                       String leader, CutoverSettings settings) {
        return new SwitchState(stream, table, position, flag, Optional.of(leader),
                settings.databasesWhenLeading(leader), List.of());
    }
}
