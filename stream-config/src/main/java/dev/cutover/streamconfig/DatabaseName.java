package dev.cutover.streamconfig;

import java.util.Locale;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * A Hive database name that is safe to use in SQL: lower-case letters, digits and underscores,
 * starting with a letter or underscore, at most 128 characters. Anything read from configuration
 * becomes a {@code DatabaseName} before it can reach SQL, and SQL only ever sees {@link #quoted()}.
 */
public record DatabaseName(String value) implements Comparable<DatabaseName> {

    private static final Pattern IDENTIFIER = Pattern.compile("[a-z_][a-z0-9_]{0,127}");

    public DatabaseName {
        Objects.requireNonNull(value, "value");
        if (!IDENTIFIER.matcher(value).matches()) {
            throw new IllegalArgumentException("'" + value + "' is not a valid database name: use lower-case"
                    + " letters, digits and underscores, starting with a letter or underscore (at most 128)");
        }
    }

    /** Parses a configured value, accepting upper case (Hive names are case-insensitive). */
    public static DatabaseName of(String value) {
        return new DatabaseName(value == null ? null : value.trim().toLowerCase(Locale.ROOT));
    }

    /** True when {@code value} would be accepted by {@link #of(String)}. */
    public static boolean isValid(String value) {
        return value != null && IDENTIFIER.matcher(value.trim().toLowerCase(Locale.ROOT)).matches();
    }

    /** The name quoted as a Hive/Spark SQL identifier. */
    public String quoted() {
        return "`" + value + "`";
    }

    @Override
    public int compareTo(DatabaseName other) {
        return value.compareTo(other.value);
    }

    @Override
    public String toString() {
        return value;
    }
}
