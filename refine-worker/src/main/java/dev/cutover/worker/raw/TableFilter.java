package dev.cutover.worker.raw;

import dev.cutover.streamconfig.TableNames;

import java.util.Optional;
import java.util.function.Predicate;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * {@code --table-include-regex} and {@code --table-exclude-regex}, with Wikimedia Refine's semantics
 * ({@code RefineTarget.shouldInclude}): each regex is matched against the stream's Hive table name
 * ({@link TableNames}: {@code eventlogging_NavigationTiming} -> {@code navigationtiming}) as a <b>whole</b> (Scala's
 * {@code case r(_*)} is a full match, not a find); a table is refined when it matches the include regex (if any) and
 * not the exclude regex (if any), so a table matching both is excluded. A stream without a table name matches no
 * include regex and no exclude regex.
 */
public record TableFilter(Optional<Pattern> include, Optional<Pattern> exclude) implements Predicate<String> {

    public static final TableFilter ALL = new TableFilter(Optional.empty(), Optional.empty());

    /**
     * The filter of the two options (null: not given).
     *
     * @throws IllegalArgumentException naming the option and the problem when a regex does not compile
     */
    public static TableFilter of(String include, String exclude) {
        return new TableFilter(compile("--table-include-regex", include), compile("--table-exclude-regex", exclude));
    }

    private static Optional<Pattern> compile(String option, String regex) {
        if (regex == null) {
            return Optional.empty();
        }
        try {
            return Optional.of(Pattern.compile(regex));
        } catch (PatternSyntaxException e) {
            throw new IllegalArgumentException(option + " '" + regex + "' is not a regular expression ("
                    + e.getDescription() + " at index " + e.getIndex() + "); it is matched against whole Hive table"
                    + " names, e.g. '^(?:navigationtiming|mediawiki_page_create)$'", e);
        }
    }

    /** Whether the stream's table is selected. */
    @Override
    public boolean test(String stream) {
        Optional<String> table = TableNames.find(stream);
        if (include.isPresent() && (table.isEmpty() || !include.get().matcher(table.get()).matches())) {
            return false;
        }
        return exclude.isEmpty() || table.isEmpty() || !exclude.get().matcher(table.get()).matches();
    }
}
