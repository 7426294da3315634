package dev.cutover.simulation;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/**
 * The faults the simulation injects, each on by default with a seeded rate (the chance per opportunity: per config
 * fetch, per commit, per report, per simulated hour), each named in the output by its wire name.
 */
public enum FaultKind {
    CONFIG_5XX("config source answers 5xx", 0.03),
    CONFIG_TIMEOUT("config fetch times out", 0.02),
    CONFIG_TRUNCATED("config body truncated (unparseable)", 0.02),
    CONFIG_EMPTY("config body empty / no streams", 0.01),
    CONFIG_SHRINK("config suspiciously shrinks (most streams missing)", 0.01),
    FLAG_FLAP("an operator flips a flag and reverts it within hours (per hour)", 0.05),
    FLAG_INVALID("an invalid flag value (EVENT, ' event', \"\", null) for a while (per hour)", 0.05),
    OPERATOR_REVERT("an operator reverts a promoted stream: a rollback (per hour)", 0.08),
    CRASH_BEFORE_STAGING("worker crash before staging", 0.002),
    CRASH_AFTER_STAGING("worker crash between staging and the fence", 0.002),
    CRASH_AFTER_FENCE("worker crash between the fence and the switch", 0.002),
    CRASH_AFTER_SWITCH("worker crash after the switch, before the report", 0.002),
    REPORT_LOST("report lost", 0.003),
    REPORT_DUPLICATED("report delivered twice", 0.003),
    REPORT_REORDERED("reports of a batch delivered out of order", 0.01),
    REPORT_LATE("report delivered an hour late", 0.003),
    CONTROLLER_KILL("controller kill -9, down 30 min to 3 h, restart from the route log (per hour)", 0.005),
    FALLBACK_ROUTES("workers refine on the routes topic's fallback routes while the controller is down", 1.0),
    WORKER_PAUSE("a worker pauses after its fence and resumes hours later (per hour and worker)", 0.05),
    CLOCK_JUMP("a worker's clock jumps within the lease margin (per hour and worker)", 0.01);

    private final String description;
    private final double defaultRate;

    FaultKind(String description, double defaultRate) {
        this.description = description;
        this.defaultRate = defaultRate;
    }

    public String wireName() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    public String description() {
        return description;
    }

    public double defaultRate() {
        return defaultRate;
    }

    public static Optional<FaultKind> byWireName(String name) {
        return Arrays.stream(values()).filter(k -> k.wireName().equals(name)).findFirst();
    }
}
