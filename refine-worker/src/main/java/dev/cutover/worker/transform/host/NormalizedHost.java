package dev.cutover.worker.transform.host;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * A host name split like Wikimedia's refinery ({@code Webrequest.normalizeHost}, the rules behind the peer's
 * {@code add_normalized_host}): {@code en.m.zero.wikipedia.org} -> project {@code en}, qualifiers {@code [m, zero]},
 * project family {@code wikipedia}, tld {@code org}. Pure: no Spark, no I/O.
 *
 * <p>The rules, in order:
 * <ol>
 *   <li>a null or blank host has no value at all;</li>
 *   <li>lower-cased; everything from the first {@code :} on (a port) is cut off;</li>
 *   <li>split on runs of {@code .} and {@code /} (so {@code EN..wikipedia.org} has three labels); separators at
 *       the end add no label, one at the start adds an empty first label ({@code .wikipedia.org} has project
 *       {@code ""}); nothing is trimmed, so {@code " en.wikipedia.org"} has project {@code " en"};</li>
 *   <li>fewer than two labels (a single label, {@code localhost}) or an all-digit last label (an IPv4 address):
 *       no value at all;</li>
 *   <li>tld = the last label, project family = the one before it;</li>
 *   <li>with three labels or more, the first one is: nothing when it is {@code www}; a qualifier when it is one of
 *       {@link #QUALIFIERS}; else the project;</li>
 *   <li>with four labels or more, every label between the first and the project family is a qualifier, whatever it
 *       is ({@code en.Mobile.ZERO.wikipedia.org} -> {@code [mobile, zero]}).</li>
 * </ol>
 * An absent value is {@link Optional#empty()} here; how it is written (the peer's {@code "-"} or SQL NULL) is the
 * caller's choice ({@link NoValue}). Qualifiers are a list, empty when there are none.
 */
public record NormalizedHost(Optional<String> projectFamily, Optional<String> project, List<String> qualifiers,
                             Optional<String> tld) {

    /** First labels that are qualifiers, not projects ({@code m.wikidata.org}); {@code www} is dropped instead. */
    public static final Set<String> QUALIFIERS = Set.of("m", "mobile", "wap", "zero", "www", "download");

    /** The result for a host with no usable value (null, blank, a single label, an IPv4 address). */
    public static final NormalizedHost NONE = new NormalizedHost(Optional.empty(), Optional.empty(), List.of(),
            Optional.empty());

    public NormalizedHost {
        qualifiers = List.copyOf(qualifiers);
    }

    /** The host parsed by the rules above; {@code host} may be null. */
    public static NormalizedHost parse(String host) {
        if (host == null || host.trim().isEmpty()) {
            return NONE;
        }
        String lower = host.toLowerCase(Locale.ROOT);
        int port = lower.indexOf(':');
        List<String> labels = labels(port < 0 ? lower : lower.substring(0, port));
        int n = labels.size();
        if (n < 2 || isDigits(labels.get(n - 1))) {
            return NONE;
        }
        Optional<String> project = Optional.empty();
        List<String> qualifiers = new ArrayList<>();
        String first = labels.get(0);
        if (n > 2 && !first.equals("www")) {
            if (QUALIFIERS.contains(first)) {
                qualifiers.add(first);
            } else {
                project = Optional.of(first);
            }
        }
        if (n > 3) {
            qualifiers.addAll(labels.subList(1, n - 2));
        }
        return new NormalizedHost(Optional.of(labels.get(n - 2)), project, qualifiers, Optional.of(labels.get(n - 1)));
    }

    /** The project class: the peer's older name of the project family, always the same value. */
    public Optional<String> projectClass() {
        return projectFamily;
    }

    /**
     * The labels between runs of {@code .} or {@code /}: an empty first label when the host starts with a separator,
     * none for separators at the end.
     */
    static List<String> labels(String host) {
        List<String> labels = new ArrayList<>();
        StringBuilder label = new StringBuilder();
        boolean inSeparators = false;
        for (int i = 0; i < host.length(); i++) {
            char c = host.charAt(i);
            if (c == '.' || c == '/') {
                if (!inSeparators) {
                    labels.add(label.toString());
                    label.setLength(0);
                }
                inSeparators = true;
            } else {
                label.append(c);
                inSeparators = false;
            }
        }
        if (!inSeparators) {
            labels.add(label.toString());
        }
        return labels;
    }

    private static boolean isDigits(String label) {
        if (label.isEmpty()) {
            return false;
        }
        for (int i = 0; i < label.length(); i++) {
            char c = label.charAt(i);
            if (c < '0' || c > '9') {
                return false;
            }
        }
        return true;
    }
}
