package dev.cutover.simulation;

import java.nio.file.Path;
import java.util.Optional;
import java.util.Set;

/**
 * One simulation run's settings.
 *
 * @param fixture   the production stream config whose entries the streams are drawn from (absent: synthetic names)
 * @param plan      a migration plan whose settings and policies replace the simulation's defaults
 * @param progress  where a one-line progress bar goes (a terminal), if anywhere
 */
public record SimOptions(int streams, int days, long seed, Set<FaultKind> faults, Optional<InjectedBug> bug,
                         Path fixture, Optional<Path> plan, Optional<java.io.PrintStream> progress) {
}
