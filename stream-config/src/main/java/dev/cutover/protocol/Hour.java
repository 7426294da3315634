package dev.cutover.protocol;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.format.ResolverStyle;
import java.time.temporal.ChronoUnit;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * One UTC data hour, written {@code 2026-11-22T10}: the unit of work, comparison and cutover. The text form is
 * exactly {@code YYYY-MM-DDTHH} with a four-digit year (no sign) and a day and hour that exist; so an hour is in the
 * years 0000 to 9999.
 */
public record Hour(LocalDateTime start) implements Comparable<Hour> {

    /** {@code uuuu} (proleptic year, so 0000 is a year) with strict resolution: 2026-02-30 is refused, not moved. */
    private static final DateTimeFormatter FORMAT = DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH")
            .withResolverStyle(ResolverStyle.STRICT);
    /** The shape checked before parsing: the formatter alone would also take a signed year of up to 19 digits. */
    private static final Pattern SHAPE = Pattern.compile("[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}");
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
        if (text == null || !SHAPE.matcher(text).matches()) {
            throw new IllegalArgumentException("'" + text + "' is not an hour; " + HOW);
        }
        try {
            return new Hour(LocalDateTime.parse(text, FORMAT));
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("'" + text + "' is not an hour: that day or hour does not exist"
                    + " (months 01-12, the days of that month, hours 00-23); " + HOW, e);
        }
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
        return FORMAT.format(start);
    }
}
