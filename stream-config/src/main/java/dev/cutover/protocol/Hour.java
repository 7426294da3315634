package dev.cutover.protocol;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.Objects;

/**
 * One UTC data hour, written {@code 2026-11-22T10}: the unit of work, comparison and cutover. The text form is
 * exactly {@code YYYY-MM-DDTHH} with a four-digit year (no sign) and a day and hour that exist; so an hour is in the
 * years 0000 to 9999.
 */
public record Hour(LocalDateTime start) implements Comparable<Hour> {

    private static final String HOW = "write it as YYYY-MM-DDTHH (UTC) with a four-digit year, e.g. 2026-11-22T10";
    private static final int MIN_YEAR = 0;
    private static final int MAX_YEAR = 9999;

    public Hour {
        Objects.requireNonNull(start, "start");
        if (!start.truncatedTo(ChronoUnit.HOURS).equals(start)) {
            throw new IllegalArgumentException("an hour starts on the hour: " + start);
        }
        if (start.getYear() < MIN_YEAR || start.getYear() > MAX_YEAR) {
            throw new IllegalArgumentException("hour " + start.toLocalDate() + String.format("T%02d", start.getHour())
                    + " is out of range: an hour is written with a four-digit year, so it lies in the years 0000 to"
                    + " 9999");
        }
    }

    /**
     * Reads {@code YYYY-MM-DDTHH} exactly.
     *
     * @throws IllegalArgumentException naming the text when it has another shape (a sign, more or fewer digits,
     *                                  white space) or names a day or hour that does not exist
     */
    @JsonCreator
    public static Hour parse(String text) {
        if (text == null || !wellShaped(text)) {
            throw new IllegalArgumentException("'" + text + "' is not an hour; " + HOW);
        }
        try {
            // the digits were checked above: reading them directly is what a restore of a million reports needs
            return new Hour(LocalDateTime.of(digits(text, 0, 4), digits(text, 5, 7), digits(text, 8, 10),
                    digits(text, 11, 13), 0));
        } catch (java.time.DateTimeException e) {
            throw new IllegalArgumentException("'" + text + "' is not an hour: that day or hour does not exist"
                    + " (months 01-12, the days of that month, hours 00-23); " + HOW, e);
        }
    }

    /** {@code [0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}}, without a regular expression. */
    private static boolean wellShaped(String text) {
        if (text.length() != 13 || text.charAt(4) != '-' || text.charAt(7) != '-' || text.charAt(10) != 'T') {
            return false;
        }
        for (int i = 0; i < 13; i++) {
            if (i != 4 && i != 7 && i != 10 && (text.charAt(i) < '0' || text.charAt(i) > '9')) {
                return false;
            }
        }
        return true;
    }

    private static int digits(String text, int from, int to) {
        int value = 0;
        for (int i = from; i < to; i++) {
            value = value * 10 + (text.charAt(i) - '0');
        }
        return value;
    }

    public static Hour of(int year, int month, int day, int hour) {
        return new Hour(LocalDateTime.of(year, month, day, hour, 0));
    }

    /** The hour that contains {@code instant}. */
    public static Hour containing(Instant instant) {
        return new Hour(LocalDateTime.ofInstant(instant, ZoneOffset.UTC).truncatedTo(ChronoUnit.HOURS));
    }

    public Instant toInstant() {
        return start.toInstant(ZoneOffset.UTC);
    }

    /** The first instant after this hour. */
    public Instant endInstant() {
        return next().toInstant();
    }

    public Hour plusHours(long hours) {
        return new Hour(start.plusHours(hours));
    }

    public Hour next() {
        return plusHours(1);
    }

    public Hour previous() {
        return plusHours(-1);
    }

    public int year() {
        return start.getYear();
    }

    public int month() {
        return start.getMonthValue();
    }

    public int day() {
        return start.getDayOfMonth();
    }

    public int hourOfDay() {
        return start.getHour();
    }

    @Override
    public int compareTo(Hour other) {
        return start.compareTo(other.start);
    }

    public boolean isBefore(Hour other) {
        return start.isBefore(other.start);
    }

    public boolean isAfter(Hour other) {
        return start.isAfter(other.start);
    }

    @JsonValue
    @Override
    public String toString() {
        // YYYY-MM-DDTHH by hand: a formatter allocates a print context per call, and hours are written by the million
        char[] out = new char[13];
        put(out, 0, start.getYear(), 4);
        out[4] = '-';
        put(out, 5, start.getMonthValue(), 2);
        out[7] = '-';
        put(out, 8, start.getDayOfMonth(), 2);
        out[10] = 'T';
        put(out, 11, start.getHour(), 2);
        return new String(out);
    }

    private static void put(char[] out, int at, int value, int width) {
        for (int i = at + width - 1; i >= at; i--) {
            out[i] = (char) ('0' + value % 10);
            value /= 10;
        }
    }
}
