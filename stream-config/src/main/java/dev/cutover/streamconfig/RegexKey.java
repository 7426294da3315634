package dev.cutover.streamconfig;

import java.util.Optional;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * A stream config key that is a regex, read as EventStreamConfig reads it: a key starting with {@code /} is a PHP
 * {@code preg_match} pattern, {@code /body/modifiers}, and must be a valid one. The body ends at the first
 * {@code /} not escaped by a backslash (as in PHP); what follows are modifiers. Matching is {@code preg_match}:
 * a match anywhere in the name, unless anchored.
 *
 * <p>Supported modifiers: {@code i} (case-insensitive), {@code m} (multi-line), {@code s} (dot matches newlines),
 * {@code x} (extended), {@code u} (Unicode), {@code A} (anchored at the start of the name), and {@code S} (no
 * effect on matching). Other PHP modifiers ({@code D}, {@code U}, {@code J}, {@code n}, {@code X}, {@code r}) are
 * rejected as unsupported rather than matched differently from MediaWiki; anything else is not a PHP modifier.
 *
 * <p>Matching is bounded, as PHP bounds {@code preg_match} with {@code pcre.backtrack_limit}: a match may read
 * at most {@link #STEP_BUDGET} characters of the name (Java's matcher reads the name one {@code charAt} at a time,
 * so each backtracking step costs at least one read). A key that needs more gives up ({@link StreamConfig.Match#GAVE_UP})
 * in milliseconds instead of backtracking for minutes; like PHP's {@code preg_match} then, it matches nothing, and
 * the callers make that a problem of the key.
 */
final class RegexKey {

    /** Characters one match may read: PHP's default backtrack limit. Normal keys read a few hundred. */
    static final long STEP_BUDGET = 1_000_000;
    private static final String UNSUPPORTED = "DUJnXr";

    private final String key;
    private final Pattern pattern;
    private final boolean anchored;

    private RegexKey(String key, Pattern pattern, boolean anchored) {
        this.key = key;
        this.pattern = pattern;
        this.anchored = anchored;
    }

    /**
     * The regex of {@code key}, or empty for a plain stream name.
     *
     * @throws IllegalArgumentException when the key starts with {@code /} but is not a usable regex (EventStreamConfig
     *                                  rejects such a key too)
     */
    static Optional<RegexKey> of(String key) {
        if (!key.startsWith("/")) {
            return Optional.empty();
        }
        int end = closingDelimiter(key);
        if (end < 0) {
            throw invalid(key, "there is no closing '/' (escape a '/' inside the regex as '\\/')");
        }
        int flags = 0;
        boolean anchored = false;
        for (char modifier : key.substring(end + 1).toCharArray()) {
            switch (modifier) {
                case 'i' -> flags |= Pattern.CASE_INSENSITIVE;
                case 'm' -> flags |= Pattern.MULTILINE;
                case 's' -> flags |= Pattern.DOTALL;
                case 'x' -> flags |= Pattern.COMMENTS;
                case 'u' -> flags |= Pattern.UNICODE_CASE | Pattern.UNICODE_CHARACTER_CLASS;
                case 'A' -> anchored = true;
                case 'S', ' ', '\n', '\r' -> {
                    // No effect on what matches (PHP skips white space among the modifiers too).
                }
                default -> throw invalid(key, UNSUPPORTED.indexOf(modifier) >= 0
                        ? "the PHP modifier '" + modifier + "' is not supported by Cutover; rewrite the regex without it"
                        : "'" + modifier + "' is not a PHP regex modifier (escape a '/' inside the regex as '\\/')");
            }
        }
        try {
            return Optional.of(new RegexKey(key, Pattern.compile(key.substring(1, end), flags), anchored));
        } catch (PatternSyntaxException e) {
            throw invalid(key, e.getDescription());
        }
    }

    /** Index of the first unescaped {@code /} after the opening one, or -1. */
    private static int closingDelimiter(String key) {
        for (int i = 1; i < key.length(); i++) {
            char c = key.charAt(i);
            if (c == '\\') {
                i++;
            } else if (c == '/') {
                return i;
            }
        }
        return -1;
    }

    private static IllegalArgumentException invalid(String key, String why) {
        return new IllegalArgumentException("stream key " + key + " is not a valid regex: " + why);
    }

    StreamConfig.Match match(String stream) {
        return match(stream, STEP_BUDGET);
    }

    /** Whether the key matches {@code stream}, reading at most {@code budget} characters. */
    StreamConfig.Match match(String stream, long budget) {
        var matcher = pattern.matcher(new BudgetedText(stream, budget));
        try {
            return (anchored ? matcher.lookingAt() : matcher.find()) ? StreamConfig.Match.YES : StreamConfig.Match.NO;
        } catch (BudgetSpent | StackOverflowError e) {
            // StackOverflowError: Java's matcher recurses per repetition; a deep one is as undecidable as a long one.
            return StreamConfig.Match.GAVE_UP;
        }
    }

    /** The problem of this key when it gave up on {@code stream}: the key, the name, why and the way out. */
    String gaveUpOn(String stream) {
        return "regex key " + key + " gave up on '" + stream + "' after " + STEP_BUDGET + " steps (catastrophic"
                + " backtracking, e.g. a nested quantifier such as (a+)+ or a back-reference); like PHP's preg_match at"
                + " its backtrack limit it matches nothing there, so Cutover cannot tell whether the entry applies to"
                + " that name: simplify the regex or add the stream under its own name";
    }

    /** The name as the matcher sees it: every character read counts against the budget. */
    private static final class BudgetedText implements CharSequence {
        private final String text;
        private long left;

        BudgetedText(String text, long budget) {
            this.text = text;
            this.left = budget;
        }

        @Override
        public char charAt(int index) {
            if (--left < 0) {
                throw BudgetSpent.INSTANCE;
            }
            return text.charAt(index);
        }

        @Override
        public int length() {
            return text.length();
        }

        @Override
        public CharSequence subSequence(int start, int end) {
            return text.subSequence(start, end);
        }

        @Override
        public String toString() {
            return text;
        }
    }

    /** Thrown through the matcher when the budget is spent; one shared instance without a stack trace. */
    private static final class BudgetSpent extends RuntimeException {
        static final BudgetSpent INSTANCE = new BudgetSpent();

        private BudgetSpent() {
            super("regex step budget spent", null, false, false);
        }
    }
}
