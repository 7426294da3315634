package dev.cutover.worker.raw;

import dev.cutover.protocol.Hour;
import java.time.Clock;

/**
 * Parses {@code --since}/{@code --until}: a number of hours back from now ({@code 48}, {@code 48h}) or an
 * hour ({@code 2026-11-22T10}). {@code since} is inclusive, {@code until} exclusive.
 */
public final class HourRange {

    /** Far enough back to include any raw hour. */
    public static final Hour EPOCH = Hour.of(1970, 1, 1, 0);

    private HourRange() {
    }

    public static Hour parse(String text, Clock clock, String option) {
        String t = text.trim();
        String digits = t.endsWith("h") ? t.substring(0, t.length() - 1) : t;
        if (digits.matches("\\d{1,6}")) {
            return Hour.containing(clock.instant()).plusHours(-Long.parseLong(digits));
        }
        try {
            return Hour.parse(t);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(option + " '" + text + "' is neither a number of hours (48, 48h) nor"
                    + " an hour (2026-11-22T10)", e);
        }
    }

    /**
     * Refuses a range {@code [from, until)} that selects no hour, in one line naming it, saying that
     * {@code --until} is exclusive and how to select the first hour.
     *
     * @param given how the range was given, e.g. {@code --since 2026-11-22T14 --until 2026-11-22T14}
     */
    public static void requireSomeHour(Hour from, Hour until, String given) {
        if (until.isAfter(from)) {
            return;
        }
        throw new IllegalArgumentException(given + " selects no hour: --until is exclusive, so the range [" + from
                + ", " + until + ") is empty; to refine hour " + from + " pass --until " + from.next()
                + " (or a later hour)");
    }

    /** How a range was given on the command line, for {@link #requireSomeHour}'s message. */
    public static String given(String since, String until, Hour effectiveUntil) {
        String end = until != null ? "--until " + until
                : "the default --until (the hour after the current one, " + effectiveUntil + ")";
        return since == null ? end : "--since " + since + (until != null ? " " : " with ") + end;
    }

    /** Parses {@code FROM..TO} (both inclusive hours), as {@code generate --hours} takes it. */
    public static Hour[] parseSpan(String text) {
        String[] parts = text.split("\\.\\.");
        if (parts.length != 2) {
            throw new IllegalArgumentException("--hours '" + text + "' must be FROM..TO, e.g."
                    + " 2026-11-22T00..2026-11-22T05 (both inclusive)");
        }
        Hour from = Hour.parse(parts[0].trim());
        Hour to = Hour.parse(parts[1].trim());
        if (to.isBefore(from)) {
            throw new IllegalArgumentException("--hours '" + text + "': TO is before FROM");
        }
        return new Hour[] {from, to};
    }
}
