package dev.cutover.worker.transform;

import dev.cutover.worker.schema.TableShape;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * One entry of a job's transform list: {@code name[(arg, ...)][@scope]}.
 * <ul>
 *   <li>{@code name}: a transform of {@link Transforms};</li>
 *   <li>{@code (args)}: comma-separated arguments (only inside the parentheses);</li>
 *   <li>{@code @scope}: the streams it applies to, an exact stream name or a {@code /regex/} (find
 *       semantics); without a scope it applies to every stream.</li>
 * </ul>
 * A list is comma-separated at the top level, e.g.
 * {@code remove_canary_events,deduplicate,drop_columns(event.cacheHost)@eventlogging_NavigationTiming}.
 * An entry may also name a table option ({@link TableShape#OPTIONS}, no arguments): it changes nothing in the
 * data but how the table schema is shaped for the streams it applies to, e.g.
 * {@code top_level_comments@eventlogging_NavigationTiming}.
 * <p>{@code event_transforms[@scope]} names the peer's bundle of the same name ({@link #EVENT_TRANSFORMS}, what
 * Wikimedia's Refine applies to event streams) and expands to its entries, each with the bundle's scope.
 */
public record TransformSpec(String name, List<String> args, Optional<String> scope) {

    private static final Pattern NAME = Pattern.compile("[a-z_][a-z0-9_]*");

    /** The bundle name of the peer's {@code event_transforms}. */
    public static final String EVENT_TRANSFORMS_NAME = "event_transforms";
    /** What the peer's {@code event_transforms} applies, in its order. */
    public static final List<String> EVENT_TRANSFORMS = List.of("remove_canary_events", "deduplicate", "geocode_ip",
            "parse_user_agent", "add_is_wmf_domain", "add_normalized_host");

    public TransformSpec {
        args = List.copyOf(args);
        if (name.equals(EVENT_TRANSFORMS_NAME)) {
            if (!args.isEmpty()) {
                throw new IllegalArgumentException(EVENT_TRANSFORMS_NAME + " takes no arguments (got " + args
                        + "); give the GeoIP database with --geoip-db");
            }
        } else if (!isTableOption(name)) {
            Transforms.byName(name, args);
        } else if (!args.isEmpty()) {
            throw new IllegalArgumentException("table option " + name + " takes no arguments (got " + args + ")");
        }
    }

    /** Whether this entry is a table option (see {@link TableShape}) rather than a transform of the data. */
    public boolean isTableOption() {
        return isTableOption(name);
    }

    private static boolean isTableOption(String name) {
        return TableShape.OPTIONS.contains(name);
    }

    /** Whether this entry applies to {@code stream}. */
    public boolean appliesTo(String stream) {
        if (scope.isEmpty()) {
            return true;
        }
        String s = scope.get();
        if (s.length() > 2 && s.startsWith("/") && s.endsWith("/")) {
            return Pattern.compile(s.substring(1, s.length() - 1)).matcher(stream).find();
        }
        return s.equals(stream);
    }

    /** The transform; a table option leaves the data as it is. */
    public Transform transform() {
        return isTableOption() ? ds -> ds : Transforms.byName(name, args);
    }

    @Override
    public String toString() {
        return name + (args.isEmpty() ? "" : "(" + String.join(",", args) + ")") + scope.map(s -> "@" + s).orElse("");
    }

    /** Parses a whole list; fails naming the bad entry and the expected syntax. */
    public static List<TransformSpec> parseList(String text) {
        List<TransformSpec> specs = new ArrayList<>();
        for (String entry : splitTopLevel(text)) {
            if (!entry.isBlank()) {
                specs.addAll(expand(parse(entry.trim())));
            }
        }
        return List.copyOf(specs);
    }

    private static List<TransformSpec> expand(TransformSpec spec) {
        if (!spec.name().equals(EVENT_TRANSFORMS_NAME)) {
            return List.of(spec);
        }
        return EVENT_TRANSFORMS.stream().map(n -> new TransformSpec(n, List.of(), spec.scope())).toList();
    }

    public static TransformSpec parse(String entry) {
        String rest = entry;
        Optional<String> scope = Optional.empty();
        int at = scopeStart(rest);
        if (at >= 0) {
            scope = Optional.of(rest.substring(at + 1).trim());
            rest = rest.substring(0, at).trim();
            if (scope.get().isEmpty()) {
                throw syntax(entry, "empty scope after '@'");
            }
        }
        List<String> args = new ArrayList<>();
        int open = rest.indexOf('(');
        String name = rest;
        if (open >= 0) {
            if (!rest.endsWith(")")) {
                throw syntax(entry, "unbalanced parentheses");
            }
            name = rest.substring(0, open).trim();
            String inner = rest.substring(open + 1, rest.length() - 1).trim();
            if (!inner.isEmpty()) {
                for (String a : inner.split(",")) {
                    args.add(a.trim());
                }
            }
        }
        if (!NAME.matcher(name).matches()) {
            throw syntax(entry, "'" + name + "' is not a transform name");
        }
        try {
            return new TransformSpec(name, args, scope);
        } catch (IllegalArgumentException e) {
            throw syntax(entry, e.getMessage());
        }
    }

    /**
     * Where the scope starts: the first {@code @} outside the parentheses of the arguments (an argument may hold an
     * {@code @}, a {@code /regex/} scope parentheses), or -1.
     */
    private static int scopeStart(String entry) {
        int depth = 0;
        for (int i = 0; i < entry.length(); i++) {
            char c = entry.charAt(i);
            if (c == '(') {
                depth++;
            } else if (c == ')') {
                depth--;
            } else if (c == '@' && depth == 0) {
                return i;
            }
        }
        return -1;
    }

    private static List<String> splitTopLevel(String text) {
        List<String> parts = new ArrayList<>();
        int depth = 0;
        StringBuilder current = new StringBuilder();
        for (char c : text.toCharArray()) {
            if (c == '(') {
                depth++;
            } else if (c == ')') {
                depth--;
            }
            if (c == ',' && depth == 0) {
                parts.add(current.toString());
                current.setLength(0);
            } else {
                current.append(c);
            }
        }
        parts.add(current.toString());
        return parts;
    }

    private static IllegalArgumentException syntax(String entry, String problem) {
        return new IllegalArgumentException("transform '" + entry + "': " + problem + "; write name[(arg,...)][@stream"
                + " or @/regex/], e.g. drop_columns(event.cacheHost)@eventlogging_NavigationTiming");
    }
}
