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
 */
final class RegexKey {

    private static final String UNSUPPORTED = "DUJnXr";

    private final Pattern pattern;
    private final boolean anchored;

    private RegexKey(Pattern pattern, boolean anchored) {
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
            return Optional.of(new RegexKey(Pattern.compile(key.substring(1, end), flags), anchored));
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

    boolean matches(String stream) {
        var matcher = pattern.matcher(stream);
        return anchored ? matcher.lookingAt() : matcher.find();
    }
}
