package dev.cutover.controller.routelog;

import java.nio.file.Path;

/**
 * The journal is damaged somewhere other than an incomplete last record: the controller does not start on it. The
 * message names the file, the byte offset, what is wrong and the ways out.
 */
public final class JournalDamagedException extends RouteLogException {

    private final Path file;
    private final long offset;
    private final String problem;

    JournalDamagedException(Path file, long offset, String problem) {
        super(message(file, offset, problem));
        this.file = file;
        this.offset = offset;
        this.problem = problem;
    }

    private static String message(Path file, long offset, String problem) {
        Path stateDir = file.getParent();
        return "the route log " + file + " is damaged at offset " + offset + ": " + problem + ". It was left as it"
                + " is: the controller never guesses state. To recover: run './cutover journal verify --state-dir "
                + stateDir + "' to see what it holds; then either restore " + file.getFileName() + " from a backup"
                + " (" + JournalRouteLog.PREVIOUS + ", if it exists, is the journal before the last compaction), or"
                + " run './cutover journal repair --state-dir " + stateDir + " --truncate-at " + offset + "', which"
                + " keeps a copy of the file and cuts it at the last good record (what was stored from offset "
                + offset + " on is lost)";
    }

    public Path file() {
        return file;
    }

    /** Where the first damaged record starts: everything before it is good. */
    public long offset() {
        return offset;
    }

    /** What is wrong there, e.g. "the record's checksum is ... but its bytes give ...". */
    public String problem() {
        return problem;
    }
}
