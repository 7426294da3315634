package dev.cutover.streamconfig;

import java.util.Locale;
import java.util.Optional;

/**
 * The Hive table name of a stream, as Refine derives it: the {@code eventlogging_} prefix is dropped,
 * the name is lower-cased and every character other than a-z and 0-9 becomes {@code _}.
 * {@code eventlogging_NavigationTiming} -> {@code navigationtiming},
 * {@code mediawiki.page-create} -> {@code mediawiki_page_create}.
 */
public final class TableNames {

    static final String EVENTLOGGING_PREFIX = "eventlogging_";

    private TableNames() {
    }

    /**
     * The table of {@code stream}, for callers that need one.
     *
     * @throws IllegalArgumentException when the name leaves no table name (see {@link #problem})
     */
    public static String forStream(String stream) {
        return find(stream).orElseThrow(() -> new IllegalArgumentException(problem(stream).orElseThrow()));
    }

    /** The table of {@code stream}, or empty when the name leaves none ({@code eventlogging_}, the empty name). */
    public static Optional<String> find(String stream) {
        String name = stream.startsWith(EVENTLOGGING_PREFIX) ? stream.substring(EVENTLOGGING_PREFIX.length()) : stream;
        String table = underscored(name.toLowerCase(Locale.ROOT));
        if (table.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(Character.isDigit(table.charAt(0)) ? "_" + table : table);
    }

    /** Every code point other than a-z and 0-9 replaced by one {@code _} (what {@code [^a-z0-9]} replaces). */
    private static String underscored(String lowered) {
        StringBuilder out = null;
        for (int i = 0; i < lowered.length(); ) {
            int c = lowered.codePointAt(i);
            int width = Character.charCount(c);
            boolean keep = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9');
            if (!keep && out == null) {
                out = new StringBuilder(lowered.length()).append(lowered, 0, i);
            }
            if (out != null) {
                out.append(keep ? (char) c : '_');
            }
            i += width;
        }
        return out == null ? lowered : out.toString();
    }

    /** Why {@code stream} has no table, naming the stream and the way out; empty when it has one. */
    public static Optional<String> problem(String stream) {
        if (find(stream).isPresent()) {
            return Optional.empty();
        }
        String why = stream.isEmpty() ? "the name is empty"
                : "nothing is left after dropping the '" + EVENTLOGGING_PREFIX + "' prefix";
        return Optional.of("stream '" + stream + "' has no usable table name (" + why + "); Cutover cannot manage it:"
                + " rename the stream in the stream config");
    }

    /** The table name quoted as an SQL identifier (always safe: only [a-z0-9_] remain). */
    public static String quoted(String stream) {
        return "`" + forStream(stream) + "`";
    }
}
