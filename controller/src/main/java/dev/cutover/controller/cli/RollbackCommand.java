package dev.cutover.controller.cli;

import dev.cutover.controller.model.FlagChange;
import picocli.CommandLine.Command;

/** {@code ./cutover rollback STREAM}: reverts the flag entry, so legacy leads again. */
@Command(name = "rollback", mixinStandardHelpOptions = true,
        description = "Revert the flag for one stream in the writable config layer (legacy leads again). The"
                + " controller restores production from the cutover hour by copies.")
final class RollbackCommand extends PromoteCommand {

    @Override
    String defaultWhy() {
        return "manual rollback (./cutover rollback)";
    }

    @Override
    FlagChange.Kind kind() {
        return FlagChange.Kind.REVERT;
    }
}
