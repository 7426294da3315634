package dev.cutover.controller.core;

import java.util.Locale;

/** Why a stream is reconciled; part of every reconciliation's log context. */
public enum Trigger {
    STARTUP, CONFIG_CHANGE, REPORT, RESYNC, API;

    @Override
    public String toString() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }
}
