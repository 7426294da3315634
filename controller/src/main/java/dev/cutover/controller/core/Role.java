package dev.cutover.controller.core;

import java.util.Locale;

/** Whether a controller reconciles and writes ({@code ACTIVE}) or only follows ({@code STANDBY}). */
public enum Role {
    ACTIVE, STANDBY;

    /** {@code active} or {@code standby}, as {@code /ready} and status show it. */
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
