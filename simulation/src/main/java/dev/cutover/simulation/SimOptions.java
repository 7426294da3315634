package dev.cutover.simulation;

import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * One simulation run's settings.
 *
 * @param fixture   the production stream config whose entries the streams are drawn from (absent: synthetic names)
 * @param plan      a migration plan whose settings and policies replace the simulation's defaults
 * @param progress  where a one-line progress bar goes (a terminal), if anywhere
 * @param rates     faults whose rate replaces the default ({@link FaultKind#defaultRate()})
 * @param kafka     a Kafka bootstrap: the controller's route log is Kafka's topics (fresh ones, named for this run)
 *                  instead of the journal, and every restart restores from them
 */
public record SimOptions(int streams, int days, long seed, Set<FaultKind> faults, Optional<InjectedBug> bug,
                         Path fixture, Optional<Path> plan, Optional<java.io.PrintStream> progress,
                         Map<FaultKind, Double> rates, Optional<String> kafka) {

    public SimOptions {
        rates = Map.copyOf(rates);
    }

    /** The journal as the route log. */
    public SimOptions(int streams, int days, long seed, Set<FaultKind> faults, Optional<InjectedBug> bug,
                      Path fixture, Optional<Path> plan, Optional<java.io.PrintStream> progress,
                      Map<FaultKind, Double> rates) {
        this(streams, days, seed, faults, bug, fixture, plan, progress, rates, Optional.empty());
    }

    /** The default rates. */
    public SimOptions(int streams, int days, long seed, Set<FaultKind> faults, Optional<InjectedBug> bug,
                      Path fixture, Optional<Path> plan, Optional<java.io.PrintStream> progress) {
        this(streams, days, seed, faults, bug, fixture, plan, progress, Map.of(), Optional.empty());
    }

    /** The rate of {@code kind} in this run. */
    public double rate(FaultKind kind) {
        return rates.getOrDefault(kind, kind.defaultRate());
    }
}
