package dev.cutover.worker.transform.host;

import java.util.List;

/**
 * How a host transform writes a value the host does not have (per stream, as the transform's argument).
 * <ul>
 *   <li>{@link #PLACEHOLDER}, the default: the peer's convention. {@code normalized_host} gets {@code "-"} for a
 *       missing project, project family/class or tld; {@code is_wmf_domain} is {@code false} for a missing host.</li>
 *   <li>{@link #NULL}, option {@value #OPTION}: SQL NULL instead, so that {@code project IS NULL} finds them and a
 *       label that really is {@code "-"} is not mistaken for a missing one; {@code is_wmf_domain} is NULL when the
 *       host is null or blank (unknown, rather than "not Wikimedia's").</li>
 * </ul>
 * Either way the qualifiers are an array (empty when there are none), and a dataset with none of the source columns
 * gets a {@code normalized_host} whose fields are all NULL and a NULL {@code is_wmf_domain}, as the peer's tables have.
 */
public enum NoValue {
    PLACEHOLDER,
    NULL;

    public static final String OPTION = "null_for_unknown";

    /** The peer's placeholder for a missing string value. */
    public static final String DASH = "-";

    /** The convention chosen by a transform's arguments: none, or {@value #OPTION}. */
    public static NoValue fromArgs(String transform, List<String> args) {
        if (args.isEmpty()) {
            return PLACEHOLDER;
        }
        if (args.size() == 1 && args.get(0).equals(OPTION)) {
            return NULL;
        }
        throw new IllegalArgumentException(transform + " takes no argument or the option " + OPTION + " (got " + args
                + "); without it a missing value is written as the peer does ('-', or false for is_wmf_domain), with"
                + " it as NULL, e.g. " + transform + "(" + OPTION + ")@mediawiki.page-delete");
    }

    /** {@code value} as written under this convention: the value, or {@code "-"} / null when absent. */
    String text(java.util.Optional<String> value) {
        return value.orElse(this == PLACEHOLDER ? DASH : null);
    }
}
