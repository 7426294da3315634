package dev.cutover.controller.plan;

import java.util.Locale;

/** How streams are promoted: one after another in plan order, or all together once all are ready. */
public enum Strategy {
    INCREMENTAL,
    ALL_AT_ONCE;

    public static Strategy parse(String value) {
        return valueOf(value.trim().toUpperCase(Locale.ROOT).replace('-', '_'));
    }

    public String wireName() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }
}
