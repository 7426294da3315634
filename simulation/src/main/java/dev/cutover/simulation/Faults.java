package dev.cutover.simulation;

import java.util.EnumMap;
import java.util.EnumSet;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;

/** Which faults are on, their rates, a seeded random source, and how many of each were injected. */
public final class Faults {

    private final Set<FaultKind> enabled;
    private final SplittableRandom random;
    private final Map<FaultKind, Long> injected = new EnumMap<>(FaultKind.class);
    private final Map<FaultKind, Double> rates = new EnumMap<>(FaultKind.class);
    private boolean quiet;

    /** Every fault at its default rate. */
    public Faults(Set<FaultKind> enabled, SplittableRandom random) {
        this(enabled, random, Map.of());
    }

    /** @param rates the rates that replace a fault's default ({@link FaultKind#defaultRate()}) */
    public Faults(Set<FaultKind> enabled, SplittableRandom random, Map<FaultKind, Double> rates) {
        this.enabled = enabled.isEmpty() ? EnumSet.noneOf(FaultKind.class) : EnumSet.copyOf(enabled);
        this.random = random;
        for (FaultKind kind : FaultKind.values()) {
            this.rates.put(kind, rates.getOrDefault(kind, kind.defaultRate()));
        }
    }

    /** Whether {@code kind} happens now (counted when it does). Never while quiet (the final settling). */
    public boolean roll(FaultKind kind) {
        if (quiet || !enabled.contains(kind)) {
            return false;
        }
        if (random.nextDouble() >= rates.get(kind)) {
            return false;
        }
        injected.merge(kind, 1L, Long::sum);
        return true;
    }

    public boolean enabled(FaultKind kind) {
        return !quiet && enabled.contains(kind);
    }

    /** Counts a fault that happened as a consequence (e.g. a worker on fallback routes). */
    public void count(FaultKind kind) {
        injected.merge(kind, 1L, Long::sum);
    }

    public SplittableRandom random() {
        return random;
    }

    /** No more faults from now on (the simulation settles before its final checks). */
    public void quiet() {
        quiet = true;
    }

    public Map<FaultKind, Long> injected() {
        Map<FaultKind, Long> all = new EnumMap<>(FaultKind.class);
        for (FaultKind kind : enabled) {
            all.put(kind, injected.getOrDefault(kind, 0L));
        }
        return all;
    }

    public Set<FaultKind> enabledKinds() {
        return EnumSet.copyOf(enabled.isEmpty() ? EnumSet.noneOf(FaultKind.class) : enabled);
    }
}
