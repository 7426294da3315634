package dev.cutover.controller.plan;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * Reads the plan's {@code compare_rules} ({@link ComparisonRules}); every problem is added to the plan's list with
 * its key path. Whether a named column exists cannot be known here (the controller has no metastore): the judgement
 * checks it when a compare report brings the table's columns.
 *
 * <pre>
 * compare_rules:
 *   defaults: {ignore_columns: [...], row_count: {absolute: 0, relative: 0.0}}
 *   streams:
 *     STREAM: {added_columns: [...], ignore_columns: [...], tolerances: {COL: {absolute: A, relative: R}},
 *              row_count: {absolute: A, relative: R}, mismatch_share: {COL: SHARE}}
 * </pre>
 */
final class CompareRulesLoader {

    static final String KEY = "compare_rules";
    private static final Set<String> SECTIONS = Set.of("defaults", "streams");
    private static final Set<String> RULES = Set.of("added_columns", "ignore_columns", "tolerances", "row_count",
            "mismatch_share");
    private static final Set<String> TOLERANCE = Set.of("absolute", "relative");

    private final List<String> problems;

    private CompareRulesLoader(List<String> problems) {
        this.problems = problems;
    }

    /** @param order the plan's order: a stream with rules must be one of them */
    static ComparisonRules parse(JsonNode node, List<String> order, List<String> problems) {
        if (node.isMissingNode() || node.isNull()) {
            return ComparisonRules.NONE;
        }
        return new CompareRulesLoader(problems).rules(node, order);
    }

    private ComparisonRules rules(JsonNode node, List<String> order) {
        if (!node.isObject()) {
            problems.add(KEY + ": expected a mapping with defaults and streams, e.g. {defaults: {row_count:"
                    + " {absolute: 5}}, streams: {STREAM: {added_columns: [COLUMN]}}} (got " + node + ")");
            return ComparisonRules.NONE;
        }
        unknownKeys(node, KEY, SECTIONS);
        StreamRules defaults = streamRules(node.path("defaults"), KEY + ".defaults", false);
        Map<String, StreamRules> streams = new LinkedHashMap<>();
        JsonNode streamsNode = node.path("streams");
        if (!streamsNode.isMissingNode() && !streamsNode.isNull()) {
            if (!streamsNode.isObject()) {
                problems.add(KEY + ".streams: expected a mapping of stream name to its rules (got " + streamsNode + ")");
            } else {
                for (Iterator<Map.Entry<String, JsonNode>> it = streamsNode.fields(); it.hasNext(); ) {
                    Map.Entry<String, JsonNode> e = it.next();
                    String path = KEY + ".streams." + e.getKey();
                    if (!order.contains(e.getKey())) {
                        problems.add(path + ": stream '" + e.getKey() + "' is not in order, so this plan never"
                                + " judges it; add it to order or remove its rules (a misspelt stream name?)");
                    }
                    streams.put(e.getKey(), streamRules(e.getValue(), path, true));
                }
            }
        }
        return new ComparisonRules(defaults, streams);
    }

    private StreamRules streamRules(JsonNode node, String path, boolean declared) {
        if (node.isMissingNode() || node.isNull()) {
            return StreamRules.NONE;
        }
        if (!node.isObject()) {
            problems.add(path + ": expected a mapping of rules " + new TreeSet<>(RULES) + " (got " + node + ")");
            return StreamRules.NONE;
        }
        unknownKeys(node, path, RULES);
        List<String> ignore = columns(node.path("ignore_columns"), path + ".ignore_columns");
        List<String> added = columns(node.path("added_columns"), path + ".added_columns");
        Map<String, Tolerance> tolerances = new LinkedHashMap<>();
        forEachColumn(node.path("tolerances"), path + ".tolerances", "{COLUMN: {absolute: 0.001, relative: 1e-6}}",
                (column, value, at) -> tolerance(value, at, true).ifPresent(t -> tolerances.put(column, t)));
        Optional<Tolerance> rowCount = node.has("row_count") && !node.get("row_count").isNull()
                ? tolerance(node.get("row_count"), path + ".row_count", false) : Optional.empty();
        Map<String, Double> shares = new LinkedHashMap<>();
        forEachColumn(node.path("mismatch_share"), path + ".mismatch_share", "{COLUMN: 0.01}", (column, value, at) -> {
            if (!value.isNumber() || !(value.asDouble() >= 0 && value.asDouble() <= 1)) {
                problems.add(at + " must be a share between 0 and 1, e.g. 0.01 for 1% of the key-matched rows (got "
                        + value + ")");
            } else {
                shares.put(column, value.asDouble());
            }
        });
        return declared ? StreamRules.declared(ignore, added, tolerances, rowCount, shares)
                : new StreamRules(ignore, added, tolerances, rowCount, shares, List.of());
    }

    private List<String> columns(JsonNode node, String path) {
        List<String> columns = new ArrayList<>();
        if (node.isMissingNode() || node.isNull()) {
            return columns;
        }
        if (!node.isArray()) {
            problems.add(path + ": expected a list of column names, e.g. [user_agent_map] (got " + node + ")");
            return columns;
        }
        for (int i = 0; i < node.size(); i++) {
            JsonNode c = node.get(i);
            if (!c.isTextual() || c.asText().isBlank()) {
                problems.add(path + "[" + i + "]: expected a column name (got " + c + ")");
            } else if (columns.stream().anyMatch(c.asText()::equalsIgnoreCase)) {
                problems.add(path + ": column '" + c.asText() + "' is listed twice");
            } else {
                columns.add(c.asText());
            }
        }
        return columns;
    }

    private interface ColumnEntry {
        void accept(String column, JsonNode value, String path);
    }

    private void forEachColumn(JsonNode node, String path, String example, ColumnEntry entry) {
        if (node.isMissingNode() || node.isNull()) {
            return;
        }
        if (!node.isObject()) {
            problems.add(path + ": expected a mapping of column name to its rule, e.g. " + example + " (got " + node
                    + ")");
            return;
        }
        List<String> seen = new ArrayList<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            if (e.getKey().isBlank()) {
                problems.add(path + ": a column name is empty");
            } else if (seen.stream().anyMatch(e.getKey()::equalsIgnoreCase)) {
                problems.add(path + ": column '" + e.getKey() + "' is listed twice (column names are matched"
                        + " case-insensitively)");
            } else {
                seen.add(e.getKey());
                entry.accept(e.getKey(), e.getValue(), path + "." + e.getKey());
            }
        }
    }

    /** {@code {absolute: A, relative: R}}, each a non-negative number, 0 when absent. */
    private Optional<Tolerance> tolerance(JsonNode node, String path, boolean needsOne) {
        if (!node.isObject()) {
            problems.add(path + ": expected {absolute: <number>, relative: <number>}, e.g. {absolute: 5, relative:"
                    + " 0.001} (got " + node + ")");
            return Optional.empty();
        }
        unknownKeys(node, path, TOLERANCE);
        if (needsOne && !node.has("absolute") && !node.has("relative")) {
            problems.add(path + ": give absolute, relative or both (an empty tolerance allows no difference)");
            return Optional.empty();
        }
        Double absolute = nonNegative(node.path("absolute"), path + ".absolute");
        Double relative = nonNegative(node.path("relative"), path + ".relative");
        return absolute == null || relative == null ? Optional.empty()
                : Optional.of(new Tolerance(absolute, relative));
    }

    /** The number, 0 when absent, or null (and a problem) when it is not a finite non-negative number. */
    private Double nonNegative(JsonNode node, String path) {
        if (node.isMissingNode()) {
            return 0.0;
        }
        double value = node.asDouble();
        if (!node.isNumber() || !(value >= 0) || Double.isInfinite(value)) {
            problems.add(path + " must be a non-negative number (got " + node + ")");
            return null;
        }
        return value;
    }

    private void unknownKeys(JsonNode node, String path, Set<String> known) {
        for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
            String key = it.next();
            if (!known.contains(key)) {
                problems.add(path + ": unknown key '" + key + "' (known: " + new TreeSet<>(known) + ")");
            }
        }
    }
}
