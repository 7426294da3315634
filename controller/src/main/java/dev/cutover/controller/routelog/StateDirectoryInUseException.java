package dev.cutover.controller.routelog;

import java.nio.file.Path;

/** Another controller (or a journal repair) holds the state directory: one process per state directory. */
public final class StateDirectoryInUseException extends RuntimeException {

    private final Path stateDir;
    private final String holder;

    StateDirectoryInUseException(Path stateDir, String holder) {
        super("the state directory " + stateDir + " is in use by " + holder + ". One controller process per state"
                + " directory: stop that one first, or give this one its own --state-dir (the lock is "
                + stateDir.resolve(StateDirectoryLock.FILE_NAME) + "; it is released when its holder exits)");
        this.stateDir = stateDir;
        this.holder = holder;
    }

    public Path stateDir() {
        return stateDir;
    }

    /** Who holds it, as its lock file says: pid, host, what for, since when, where it listens. */
    public String holder() {
        return holder;
    }
}
