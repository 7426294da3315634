package dev.cutover.controller.plan;

import java.math.BigDecimal;
import java.math.MathContext;

/** Numbers as the plan and the verdicts' explanations print them: at most four significant digits, no exponent. */
public final class Numbers {

    private Numbers() {
    }

    public static String format(double value) {
        if (Double.isNaN(value) || Double.isInfinite(value)) {
            return Double.toString(value);
        }
        if (value == Math.rint(value) && Math.abs(value) < 1e15) {
            return Long.toString((long) value);
        }
        return new BigDecimal(value).round(new MathContext(4)).stripTrailingZeros().toPlainString();
    }
}
