package dev.cutover.streamconfig;

import java.util.Locale;

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

    public static String forStream(String stream) {
        String name = stream.startsWith(EVENTLOGGING_PREFIX) ? stream.substring(EVENTLOGGING_PREFIX.length()) : stream;
        String table = name.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]", "_");
        if (table.isEmpty()) {
            throw new IllegalArgumentException("stream '" + stream + "' has no usable table name");
        }
        return Character.isDigit(table.charAt(0)) ? "_" + table : table;
    }

    /** The table name quoted as an SQL identifier (always safe: only [a-z0-9_] remain). */
    public static String quoted(String stream) {
        return "`" + forStream(stream) + "`";
    }
}
