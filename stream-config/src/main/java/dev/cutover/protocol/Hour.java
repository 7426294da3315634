package dev.cutover.protocol;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.Objects;

/** One UTC data hour, written {@code 2026-11-22T10}: the unit of work, comparison and cutover. */
public record Hour(LocalDateTime start) implements Comparable<Hour> {

    private static final DateTimeFormatter FORMAT = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH");

    public Hour {
        Objects.requireNonNull(start, "start");
        if (!start.truncatedTo(ChronoUnit.HOURS).equals(start)) {
            throw new IllegalArgumentException("an hour starts on the hour: " + start);
        }
    }

    @JsonCreator
    public static Hour parse(String text) {
        try {
            return new Hour(LocalDateTime.parse(text, FORMAT));
        } catch (DateTimeParseException | NullPointerException e) {
            throw new IllegalArgumentException("'" + text + "' is not an hour; write it as YYYY-MM-DDTHH (UTC),"
                    + " e.g. 2026-11-22T10", e);
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
