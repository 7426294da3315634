package dev.cutover.streamconfig;

import java.util.List;
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

    /** Reads the switch of {@code config} for the stream named {@code stream}. */
    public static SwitchState read(String stream, StreamConfig config, CutoverSettings settings) {
        String table = TableNames.find(stream).orElse(null);
        List<String> noTable = TableNames.problem(stream).stream().toList();
        boolean enabled = PhpBoolean.isTrue(config.setting(settings.enabledPointer()).orElse(null));
        Optional<String> flag = config.text(settings.flagPointer());
        if (!enabled) {
            return new SwitchState(stream, table, Position.UNMANAGED, flag, Optional.empty(), Map.of(), noTable);
        }
        if (table == null) {
            return new SwitchState(stream, null, Position.INVALID, flag, Optional.empty(), Map.of(), noTable);
        }
        Optional<com.fasterxml.jackson.databind.JsonNode> raw = config.setting(settings.flagPointer());
        if (raw.isPresent() && raw.get().isContainerNode()) {
            String problem = "stream " + stream + ": " + settings.flagPointer() + " is " + raw.get() + ", not a database"
                    + " name; set it to one of " + settings.allowedFlagValues() + " or remove it (current routes are kept)";
            return new SwitchState(stream, table, Position.INVALID, Optional.of(raw.get().toString()), Optional.empty(),
                    Map.of(), List.of(problem));
        }
        if (flag.isEmpty() || flag.get().isBlank()) {
            return leading(stream, table, Position.LEGACY_LEADS, flag, settings.legacyJob(), settings);
        }
        String value = flag.get().trim();
        if (DatabaseName.isValid(value)) {
            DatabaseName database = DatabaseName.of(value);
            if (database.equals(settings.newShadow())) {
                return leading(stream, table, Position.LEGACY_LEADS, flag, settings.legacyJob(), settings);
            }
            if (database.equals(settings.productionDatabase())) {
                return leading(stream, table, Position.NEW_LEADS, flag, settings.newJob(), settings);
            }
        }
        String problem = "stream " + stream + ": " + settings.flagPointer() + " is '" + value + "', which is not allowed;"
                + " set it to one of " + settings.allowedFlagValues() + " or remove it (current routes are kept)";
        return new SwitchState(stream, table, Position.INVALID, flag, Optional.empty(), Map.of(), List.of(problem));
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
