package dev.cutover.controller.plan;

import com.fasterxml.jackson.core.JsonPointer;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import dev.cutover.protocol.LeasePolicy;
import dev.cutover.streamconfig.Durations;
import dev.cutover.streamconfig.CutoverSettings;
import dev.cutover.streamconfig.DatabaseName;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Reads and validates a migration plan ({@code migrations/<cluster>.yaml}); every problem is reported at once,
 * each naming the file and the key. A relative {@code override_layer} is resolved against the state directory.
 */
public final class PlanLoader {

    private static final ObjectMapper YAML = new YAMLMapper();
    private static final Set<String> KEYS = Set.of("cluster", "description", "production_database", "flag_pointer",
            "enabled_pointer", "jobs", "strategy", "max_concurrent_cutovers", "order", "canary", "auto_promote",
            "auto_rollback", "soak", "override_layer", "write_lease", "groups", CompareRulesLoader.KEY);

    private PlanLoader() {
    }

    public static MigrationPlan load(Path file, Path stateDir) {
        JsonNode root;
        try {
            root = YAML.readTree(file.toFile());
        } catch (IOException e) {
            throw new InvalidPlanException(file, List.of("cannot read it as YAML: " + firstLine(e.getMessage())));
        }
        if (root == null || !root.isObject()) {
            throw new InvalidPlanException(file, List.of("expected a YAML mapping with cluster, jobs, order, canary, ..."));
        }
        return parse(root, file, stateDir);
    }

    static MigrationPlan parse(JsonNode root, Path file, Path stateDir) {
        List<String> problems = new ArrayList<>();
        for (Iterator<String> it = root.fieldNames(); it.hasNext(); ) {
            String key = it.next();
            if (!KEYS.contains(key)) {
                problems.add("unknown key '" + key + "' (known: " + new java.util.TreeSet<>(KEYS) + ")");
            }
        }
        String cluster = required(root, "cluster", problems);
        DatabaseName production = database(root.path("production_database"), "production_database", "event", problems);
        JsonPointer flag = pointer(root.path("flag_pointer"), "flag_pointer",
                CutoverSettings.DEFAULTS.flagPointer(), problems);
        JsonPointer enabled = pointer(root.path("enabled_pointer"), "enabled_pointer",
                CutoverSettings.DEFAULTS.enabledPointer(), problems);
        JsonNode jobs = root.path("jobs");
        String legacyJob = jobs.path("legacy").path("name").asText("legacy");
        DatabaseName legacyShadow = database(jobs.path("legacy").path("shadow_database"),
                "jobs.legacy.shadow_database", "event_systemd", problems);
        String newJob = jobs.path("new").path("name").asText("airflow");
        DatabaseName newShadow = database(jobs.path("new").path("shadow_database"), "jobs.new.shadow_database",
                "event_airflow", problems);
        CutoverSettings settings = null;
        if (production != null && legacyShadow != null && newShadow != null) {
            List<String> settingProblems = CutoverSettings.problems(legacyJob, newJob, production, legacyShadow,
                    newShadow);
            problems.addAll(settingProblems);
            if (settingProblems.isEmpty()) {
                settings = new CutoverSettings(flag, enabled, production, legacyJob, legacyShadow, newJob, newShadow);
            }
        }
        Strategy strategy = Strategy.INCREMENTAL;
        if (root.has("strategy")) {
            try {
                strategy = Strategy.parse(root.get("strategy").asText());
            } catch (IllegalArgumentException e) {
                problems.add("strategy '" + root.get("strategy").asText() + "' is not one of incremental, all-at-once");
            }
        }
        int maxConcurrent = positiveInt(root.path("max_concurrent_cutovers"), "max_concurrent_cutovers", 1, problems);
        List<String> order = new ArrayList<>();
        JsonNode orderNode = root.path("order");
        if (!orderNode.isArray() || orderNode.isEmpty()) {
            problems.add("order: a non-empty list of streams is required (the promotion order)");
        } else {
            Set<String> seen = new HashSet<>();
            orderNode.forEach(n -> {
                if (!n.isTextual() || n.asText().isBlank()) {
                    problems.add("order: every entry must be a stream name (got " + n + ")");
                } else if (!seen.add(n.asText())) {
                    problems.add("order: stream '" + n.asText() + "' is listed twice");
                } else {
                    order.add(n.asText());
                }
            });
        }
        JsonNode canaryNode = root.path("canary");
        int passHours = positiveInt(canaryNode.path("consecutive_pass_hours"), "canary.consecutive_pass_hours", 3,
                problems);
        int window = positiveInt(canaryNode.path("window_hours"), "canary.window_hours", 24, problems);
        if (window < passHours) {
            problems.add("canary.window_hours (" + window + ") must be at least canary.consecutive_pass_hours ("
                    + passHours + ")");
        }
        List<String> checks = new ArrayList<>();
        if (canaryNode.has("checks")) {
            canaryNode.get("checks").forEach(c -> {
                if (!CanaryPolicy.KNOWN_CHECKS.contains(c.asText())) {
                    problems.add("canary.checks: '" + c.asText() + "' is not one of " + CanaryPolicy.KNOWN_CHECKS);
                } else {
                    checks.add(c.asText());
                }
            });
        } else {
            checks.addAll(CanaryPolicy.KNOWN_CHECKS);
        }
        TimelinessPolicy timeliness = TimelinessPolicy.parse(canaryNode.path("timeliness"), "canary.timeliness",
                window, problems);
        boolean autoPromote = bool(root.path("auto_promote"), "auto_promote", false, problems);
        JsonNode rollback = root.path("auto_rollback");
        int failHours = 0;
        if (bool(rollback.path("enabled"), "auto_rollback.enabled", false, problems)) {
            failHours = positiveInt(rollback.path("fail_hours"), "auto_rollback.fail_hours", 2, problems);
        }
        Duration soak = Duration.ofHours(72);
        if (root.has("soak")) {
            try {
                soak = Durations.parse(root.get("soak").asText());
            } catch (IllegalArgumentException e) {
                problems.add("soak: " + e.getMessage());
            }
        }
        LeasePolicy writeLease = writeLease(root.path("write_lease"), problems);
        List<StreamGroup> groups = groups(root.path("groups"), order, problems);
        ComparisonRules compareRules = CompareRulesLoader.parse(root.path(CompareRulesLoader.KEY), order, problems);
        Optional<Path> layer = Optional.empty();
        if (root.hasNonNull("override_layer")) {
            Path p = Path.of(root.get("override_layer").asText());
            layer = Optional.of(p.isAbsolute() ? p : stateDir.resolve(p));
        }
        if (!problems.isEmpty()) {
            throw new InvalidPlanException(file, problems);
        }
        return new MigrationPlan(cluster, settings, order, strategy, maxConcurrent,
                new CanaryPolicy(passHours, window, checks), autoPromote, failHours, soak, layer, writeLease, groups,
                timeliness, compareRules);
    }

    /**
     * {@code groups: {checkout: [a, b]}}: each group has at least two members, each listed in {@code order}, and a
     * stream is in one group at most.
     */
    private static List<StreamGroup> groups(JsonNode node, List<String> order, List<String> problems) {
        if (node.isMissingNode() || node.isNull()) {
            return List.of();
        }
        if (!node.isObject()) {
            problems.add("groups: expected a mapping of group name to its streams, e.g. {checkout: [a, b]}");
            return List.of();
        }
        List<StreamGroup> groups = new ArrayList<>();
        java.util.Map<String, String> groupOf = new java.util.HashMap<>();
        for (Iterator<java.util.Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
            java.util.Map.Entry<String, JsonNode> entry = it.next();
            String name = entry.getKey();
            String key = "groups." + name;
            JsonNode members = entry.getValue();
            if (!members.isArray() || members.size() < 2) {
                problems.add(key + ": a group is a list of at least two streams (got " + members + ")");
                continue;
            }
            List<String> names = new ArrayList<>();
            boolean ok = true;
            for (JsonNode m : members) {
                String stream = m.asText();
                if (!m.isTextual() || stream.isBlank()) {
                    problems.add(key + ": every member must be a stream name (got " + m + ")");
                    ok = false;
                } else if (!order.contains(stream)) {
                    problems.add(key + ": stream '" + stream + "' is not in order; list every member in order (the"
                            + " group takes its first member's place)");
                    ok = false;
                } else if (groupOf.containsKey(stream)) {
                    problems.add(key + ": stream '" + stream + "' is already in group '" + groupOf.get(stream)
                            + "'; a stream moves with one group at most");
                    ok = false;
                } else if (names.contains(stream)) {
                    problems.add(key + ": stream '" + stream + "' is listed twice");
                    ok = false;
                } else {
                    names.add(stream);
                }
            }
            if (ok) {
                names.forEach(s -> groupOf.put(s, name));
                groups.add(new StreamGroup(name, names));
            }
        }
        return groups;
    }

    /** {@code write_lease: {length: 10m, margin: 1m}}; each part defaults to {@link LeasePolicy#DEFAULT}'s. */
    private static LeasePolicy writeLease(JsonNode node, List<String> problems) {
        if (node.isMissingNode() || node.isNull()) {
            return LeasePolicy.DEFAULT;
        }
        if (!node.isObject()) {
            problems.add("write_lease: expected {length: <duration>, margin: <duration>}, e.g."
                    + " {length: 10m, margin: 1m}");
            return LeasePolicy.DEFAULT;
        }
        Duration length = LeasePolicy.DEFAULT.length();
        Duration margin = LeasePolicy.DEFAULT.margin();
        try {
            if (node.has("length")) {
                length = Durations.parse(node.get("length").asText());
            }
            if (node.has("margin")) {
                margin = Durations.parse(node.get("margin").asText());
            }
            return new LeasePolicy(length, margin);
        } catch (IllegalArgumentException e) {
            problems.add("write_lease: " + e.getMessage());
            return LeasePolicy.DEFAULT;
        }
    }

    private static String required(JsonNode root, String key, List<String> problems) {
        JsonNode node = root.path(key);
        if (!node.isTextual() || node.asText().isBlank()) {
            problems.add(key + " is required (text)");
            return null;
        }
        return node.asText();
    }

    private static DatabaseName database(JsonNode node, String key, String fallback, List<String> problems) {
        String value = node.isMissingNode() || node.isNull() ? fallback : node.asText();
        if (!DatabaseName.isValid(value)) {
            problems.add(key + " '" + value + "' is not a valid database name (lower-case letters, digits, '_')");
            return null;
        }
        return DatabaseName.of(value);
    }

    private static JsonPointer pointer(JsonNode node, String key, JsonPointer fallback, List<String> problems) {
        if (node.isMissingNode() || node.isNull()) {
            return fallback;
        }
        try {
            JsonPointer p = JsonPointer.compile(node.asText());
            if (p.matches()) {
                problems.add(key + " must point into the stream settings, not be the root");
            }
            return p;
        } catch (IllegalArgumentException e) {
            problems.add(key + " '" + node.asText() + "' is not a JSON pointer (e.g. /consumers/x/y)");
            return fallback;
        }
    }

    private static int positiveInt(JsonNode node, String key, int fallback, List<String> problems) {
        if (node.isMissingNode() || node.isNull()) {
            return fallback;
        }
        if (!node.canConvertToInt() || !node.isIntegralNumber() || node.asInt() < 1) {
            problems.add(key + " must be a positive whole number (got " + node + ")");
            return fallback;
        }
        return node.asInt();
    }

    private static boolean bool(JsonNode node, String key, boolean fallback, List<String> problems) {
        if (node.isMissingNode() || node.isNull()) {
            return fallback;
        }
        if (!node.isBoolean()) {
            problems.add(key + " must be true or false (got " + node + ")");
            return fallback;
        }
        return node.asBoolean();
    }

    private static String firstLine(String message) {
        if (message == null) {
            return "unknown error";
        }
        int nl = message.indexOf('\n');
        return nl < 0 ? message : message.substring(0, nl);
    }

    /** A plan that cannot be used; the message lists every problem with the file name. */
    public static final class InvalidPlanException extends IllegalArgumentException {
        private final List<String> problems;

        public InvalidPlanException(Path file, List<String> problems) {
            super("migration plan " + file + " is invalid:\n  - " + String.join("\n  - ", problems));
            this.problems = List.copyOf(problems);
        }

        public List<String> problems() {
            return problems;
        }
    }
}
