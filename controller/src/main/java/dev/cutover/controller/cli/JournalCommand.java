package dev.cutover.controller.cli;

import dev.cutover.controller.routelog.JournalDamagedException;
import dev.cutover.controller.routelog.JournalTool;
import dev.cutover.controller.routelog.RouteLogException;
import dev.cutover.controller.routelog.StateDirectoryInUseException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;

/**
 * {@code ./cutover journal verify|repair}: check the embedded route log ({@code <state-dir>/routes.journal}) and, with
 * explicit confirmation, cut it at its last good record, keeping a copy of the original.
 */
@Command(name = "journal", mixinStandardHelpOptions = true,
        description = "Check or repair the controller's journal (routes.journal in the state directory).",
        subcommands = {JournalCommand.Verify.class, JournalCommand.Repair.class})
final class JournalCommand {

    static String epochs(Map<String, Long> epochs) {
        return epochs.isEmpty() ? "none" : epochs.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue())
                .collect(Collectors.joining(", "));
    }

    static void printSummary(JournalTool.Summary s) {
        System.out.println("  " + s.records() + " records, " + s.streams() + " streams, " + s.events()
                + " audit events, " + s.reports() + " reports");
        System.out.println("  highest epochs: " + epochs(s.highestEpochs()));
    }

    /** Prints what verify found at the damage; returns 2. */
    static int printDamage(Path stateDir, JournalDamagedException e) {
        System.out.println("route log " + e.file() + " is damaged at offset " + e.offset() + ": " + e.problem());
        JournalTool.Summary before = JournalTool.verifyBefore(stateDir, e.offset());
        System.out.println(" before it, " + before.records() + " good record" + (before.records() == 1 ? "" : "s")
                + ":");
        printSummary(before);
        System.out.println(" from offset " + e.offset() + " on, the records that still check out have highest epochs "
                + epochs(JournalTool.epochsFrom(stateDir, e.offset())) + " (a repair keeps them, so no epoch is"
                + " handed out twice)");
        System.out.println(" to recover: restore " + e.file().getFileName() + " from a backup, or cut it there"
                + " (a copy of the file is kept): ./cutover journal repair --state-dir " + stateDir
                + " --truncate-at " + e.offset());
        return 2;
    }

    @Command(name = "verify", mixinStandardHelpOptions = true,
            description = "Read the journal without changing it: exit 0 and a summary when it is good, exit 2 naming"
                    + " the offset and the problem when it is damaged.")
    static final class Verify implements Callable<Integer> {

        @Option(names = "--state-dir", defaultValue = "${env:CUTOVER_STATE_DIR:-.cutover}",
                description = "The controller's state directory (CUTOVER_STATE_DIR; default .cutover).")
        String stateDir;

        @Override
        public Integer call() {
            Path dir = Path.of(stateDir);
            try {
                JournalTool.Summary s = JournalTool.verify(dir);
                System.out.println("route log " + s.file() + " is good (format " + s.version() + ", " + s.size()
                        + " bytes)");
                printSummary(s);
                s.incompleteLastRecordAt().ifPresent(at -> System.out.println("  it ends in an incomplete record at"
                        + " offset " + at + " (a crash mid-append, never acknowledged): the next start keeps a copy"
                        + " of the file and cuts it off"));
                return 0;
            } catch (JournalDamagedException e) {
                return printDamage(dir, e);
            } catch (RouteLogException e) {
                System.err.println("cutover journal verify: " + e.getMessage());
                return 2;
            }
        }
    }

    @Command(name = "repair", mixinStandardHelpOptions = true,
            description = "Cut a damaged journal at its last good record. Without --truncate-at it only says where;"
                    + " with it, it keeps a copy of the original (routes.journal.repair-<time>), keeps the records"
                    + " before the offset and the highest epoch of every stream it cut off. No controller may run.")
    static final class Repair implements Callable<Integer> {

        @Option(names = "--state-dir", defaultValue = "${env:CUTOVER_STATE_DIR:-.cutover}",
                description = "The controller's state directory (CUTOVER_STATE_DIR; default .cutover).")
        String stateDir;

        @Option(names = "--truncate-at", paramLabel = "OFFSET",
                description = "The offset 'journal verify' names: everything stored from there on is dropped.")
        Long truncateAt;

        @Override
        public Integer call() {
            Path dir = Path.of(stateDir);
            if (truncateAt == null) {
                try {
                    JournalTool.verify(dir);
                    System.out.println("route log " + JournalTool.journal(dir) + " is good: nothing to repair");
                    return 0;
                } catch (JournalDamagedException e) {
                    printDamage(dir, e);
                    System.out.println("nothing was changed; to cut there, run again with --truncate-at " + e.offset());
                    return 2;
                } catch (RouteLogException e) {
                    System.err.println("cutover journal repair: " + e.getMessage());
                    return 2;
                }
            }
            try {
                JournalTool.Repaired r = JournalTool.repair(dir, truncateAt, Clock.systemUTC());
                System.out.println("kept the original in " + r.copy());
                System.out.println("cut " + r.file() + " at offset " + r.cutAt() + " (" + r.droppedBytes()
                        + " bytes dropped); highest epochs carried over from them: " + epochs(r.carriedEpochs()));
                System.out.println("the controller can start again; check it with ./cutover journal verify"
                        + " --state-dir " + dir);
                return 0;
            } catch (RouteLogException | StateDirectoryInUseException e) {
                System.err.println("cutover journal repair: " + e.getMessage());
                return 2;
            }
        }
    }
}
