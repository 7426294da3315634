package dev.cutover.worker.transform.host;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * The host case tables of {@code src/test/resources/hosts/} (the peer's cases, as data): one loader for the unit
 * tests and the real-path IT, so both check the very same rows.
 */
public final class HostCases {

    private HostCases() {
    }

    /** A row of {@code normalize_host_cases.csv}; {@code "-"} (the peer's "no value") is read as empty. */
    public record Normalize(String origin, String description, String host, Optional<String> projectFamily,
                            Optional<String> project, List<String> qualifiers, Optional<String> tld) {
        @Override
        public String toString() {
            return origin + ": " + description + " (" + show(host) + ")";
        }
    }

    /** A row of {@code wmf_domain_cases.csv}. */
    public record Domain(String origin, String description, String host, boolean isWmfDomain, boolean allowed) {
        @Override
        public String toString() {
            return origin + ": " + description + " (" + show(host) + ")";
        }
    }

    public static List<Normalize> normalize() {
        return rows("/hosts/normalize_host_cases.csv", 7).stream().map(f -> new Normalize(f.get(0), f.get(1), f.get(2),
                value(f.get(3)), value(f.get(4)), f.get(5).isEmpty() ? List.of() : Arrays.asList(f.get(5).split(";")),
                value(f.get(6)))).toList();
    }

    public static List<Domain> domains() {
        return rows("/hosts/wmf_domain_cases.csv", 5).stream().map(f -> new Domain(f.get(0), f.get(1), f.get(2),
                bool(f.get(3)), bool(f.get(4)))).toList();
    }

    private static Optional<String> value(String text) {
        return NoValue.DASH.equals(text) ? Optional.empty() : Optional.of(text);
    }

    private static boolean bool(String text) {
        if (!text.equals("true") && !text.equals("false")) {
            throw new IllegalArgumentException("'" + text + "' is not true or false");
        }
        return Boolean.parseBoolean(text);
    }

    private static String show(String host) {
        return host == null ? "null" : "\"" + host + "\"";
    }

    /**
     * The data rows (after the header, without {@code #} comments): comma-separated fields, a field in double
     * quotes taken verbatim, an unquoted {@code <null>} read as null.
     */
    private static List<List<String>> rows(String resource, int columns) {
        String text;
        try (InputStream in = HostCases.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("test resource " + resource + " is missing from the classpath");
            }
            text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        List<List<String>> rows = new ArrayList<>();
        boolean header = true;
        for (String line : text.split("\n", -1)) {
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            if (header) {
                header = false;
                continue;
            }
            List<String> fields = fields(line);
            if (fields.size() != columns) {
                throw new IllegalStateException(resource + ": '" + line + "' has " + fields.size() + " fields, not "
                        + columns);
            }
            rows.add(fields);
        }
        return rows;
    }

    private static List<String> fields(String line) {
        List<String> fields = new ArrayList<>();
        int i = 0;
        while (true) {
            String field;
            if (i < line.length() && line.charAt(i) == '"') {
                int close = line.indexOf('"', i + 1);
                field = line.substring(i + 1, close);
                i = close + 1;
            } else {
                int comma = line.indexOf(',', i);
                int end = comma < 0 ? line.length() : comma;
                String raw = line.substring(i, end);
                field = raw.equals("<null>") ? null : raw;
                i = end;
            }
            fields.add(field);
            if (i >= line.length()) {
                return fields;
            }
            i++; // the comma
        }
    }
}
