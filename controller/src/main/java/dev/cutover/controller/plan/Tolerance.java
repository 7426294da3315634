package dev.cutover.controller.plan;

/**
 * How far two numbers may be apart: {@code |difference| <= max(absolute, relative * magnitude)}, where the magnitude
 * is the larger of the two (row counts: {@code max(left, right)}; values: {@code max(|left|, |right|)}). Both default
 * to 0: exactly equal.
 */
public record Tolerance(double absolute, double relative) {

    public static final Tolerance EXACT = new Tolerance(0, 0);

    public Tolerance {
        if (!(absolute >= 0) || !(relative >= 0) || Double.isInfinite(absolute) || Double.isInfinite(relative)) {
            throw new IllegalArgumentException("a tolerance is two finite non-negative numbers (got absolute "
                    + absolute + ", relative " + relative + ")");
        }
    }

    /** The largest difference allowed between numbers of this magnitude. */
    public double allowed(double magnitude) {
        return Math.max(absolute, relative * magnitude);
    }

    public boolean allows(double difference, double magnitude) {
        return difference <= allowed(magnitude);
    }

    /** E.g. "absolute 5, relative 0.001". */
    @Override
    public String toString() {
        return "absolute " + Numbers.format(absolute) + ", relative " + Numbers.format(relative);
    }
}
