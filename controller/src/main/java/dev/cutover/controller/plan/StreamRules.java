package dev.cutover.controller.plan;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The comparison rules of one stream (the plan's {@code compare_rules}: its defaults extended by the stream's own):
 * the expected differences between the new job's and the legacy job's output that do not fail an hour. Columns are
 * top-level and matched case-insensitively, as Hive matches them.
 *
 * @param ignoreColumns columns compared on neither side (also a type change, or a column one side lacks)
 * @param addedColumns  columns only the new job has, expected (never a column only the legacy job has)
 * @param tolerances    per numeric column, how far key-matched values may be apart
 * @param rowCount      how far the row counts may be apart, and how many rows the keyed diff may find on one side only
 * @param mismatchShare per column, the share of key-matched rows whose value may differ
 * @param checked       the columns the stream's own rules name: each must exist on a side of the table (a typo fails
 *                      the hour); the defaults' columns apply only to the tables that have them
 */
public record StreamRules(List<String> ignoreColumns, List<String> addedColumns, Map<String, Tolerance> tolerances,
                          Optional<Tolerance> rowCount, Map<String, Double> mismatchShare, List<NamedColumn> checked) {

    public static final StreamRules NONE = new StreamRules(List.of(), List.of(), Map.of(), Optional.empty(), Map.of(),
            List.of());

    /** A column a rule names, e.g. {@code added_columns[user_agent_map]}. */
    public record NamedColumn(String rule, String column) {
        @Override
        public String toString() {
            return rule + "[" + column + "]";
        }
    }

    public StreamRules {
        ignoreColumns = List.copyOf(ignoreColumns);
        addedColumns = List.copyOf(addedColumns);
        tolerances = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(tolerances));
        mismatchShare = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(mismatchShare));
        checked = List.copyOf(checked);
    }

    /** Rules whose every column is checked against the table (a stream's own section). */
    public static StreamRules declared(List<String> ignoreColumns, List<String> addedColumns,
                                       Map<String, Tolerance> tolerances, Optional<Tolerance> rowCount,
                                       Map<String, Double> mismatchShare) {
        StreamRules rules = new StreamRules(ignoreColumns, addedColumns, tolerances, rowCount, mismatchShare,
                List.of());
        return new StreamRules(ignoreColumns, addedColumns, tolerances, rowCount, mismatchShare, rules.named());
    }

    public boolean isEmpty() {
        return ignoreColumns.isEmpty() && addedColumns.isEmpty() && tolerances.isEmpty() && rowCount.isEmpty()
                && mismatchShare.isEmpty();
    }

    /** These rules extended by {@code stream}'s: lists unioned, maps and row_count the stream's where both say. */
    public StreamRules extendedBy(StreamRules stream) {
        Map<String, Tolerance> t = new LinkedHashMap<>(tolerances);
        t.putAll(stream.tolerances);
        Map<String, Double> s = new LinkedHashMap<>(mismatchShare);
        s.putAll(stream.mismatchShare);
        List<NamedColumn> c = new ArrayList<>(checked);
        stream.checked.stream().filter(n -> !c.contains(n)).forEach(c::add);
        return new StreamRules(union(ignoreColumns, stream.ignoreColumns), union(addedColumns, stream.addedColumns),
                t, stream.rowCount.or(() -> rowCount), s, c);
    }

    public Optional<String> ignored(String column) {
        return find(ignoreColumns, column);
    }

    public Optional<String> added(String column) {
        return find(addedColumns, column);
    }

    public Optional<Map.Entry<String, Tolerance>> tolerance(String column) {
        return entry(tolerances, column);
    }

    public Optional<Map.Entry<String, Double>> share(String column) {
        return entry(mismatchShare, column);
    }

    /** Every column the rules name, with the rule naming it, in the plan's order. */
    public List<NamedColumn> named() {
        List<NamedColumn> named = new ArrayList<>();
        addedColumns.forEach(c -> named.add(new NamedColumn("added_columns", c)));
        ignoreColumns.forEach(c -> named.add(new NamedColumn("ignore_columns", c)));
        tolerances.keySet().forEach(c -> named.add(new NamedColumn("tolerances", c)));
        mismatchShare.keySet().forEach(c -> named.add(new NamedColumn("mismatch_share", c)));
        return named;
    }

    private static Optional<String> find(List<String> columns, String column) {
        for (String c : columns) {
            if (c.equalsIgnoreCase(column)) {
                return Optional.of(c);
            }
        }
        return Optional.empty();
    }

    private static <V> Optional<Map.Entry<String, V>> entry(Map<String, V> map, String column) {
        for (Map.Entry<String, V> e : map.entrySet()) {
            if (e.getKey().equalsIgnoreCase(column)) {
                return Optional.of(e);
            }
        }
        return Optional.empty();
    }

    private static List<String> union(List<String> a, List<String> b) {
        List<String> out = new ArrayList<>(a);
        for (String c : b) {
            if (find(out, c).isEmpty()) {
                out.add(c);
            }
        }
        return out;
    }
}
