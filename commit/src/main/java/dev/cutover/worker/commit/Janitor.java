package dev.cutover.worker.commit;

import dev.cutover.protocol.Hour;
import java.io.IOException;
import java.net.URI;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Set;

/**
 * Deletes commit directories nothing points at any more: the old commits of an hour after a switch (as
 * {@link CommitLayout#deletable} selects them), the staged files of a commit that did not happen, the commits of a
 * dropped hour. Best effort: the commit is visible already (or never will be), a directory left behind is only
 * garbage that a later commit of the hour deletes. Never throws; whatever it could not list or delete it logs,
 * naming the path and the error, and returns.
 */
public final class Janitor {

    /** The file system calls the janitor makes. */
    public interface Files {

        /** The names of the directories directly under {@code dir}; none when {@code dir} does not exist. */
        List<String> directories(URI dir) throws IOException;

        /** Deletes {@code path} and everything under it; a path that does not exist is deleted already. */
        void deleteRecursively(URI path) throws IOException;
    }

    /** What a run could not delete (or list), and why. */
    public record Leftover(URI path, String error) {
    }

    /** What a run deleted and what it left. */
    public record Result(List<URI> deleted, List<Leftover> leftovers) {

        public Result {
            deleted = List.copyOf(deleted);
            leftovers = List.copyOf(leftovers);
        }
    }

    private final Files files;
    private final System.Logger log;

    public Janitor(Files files) {
        this(files, System.getLogger(Janitor.class.getName()));
    }

    public Janitor(Files files, System.Logger log) {
        this.files = files;
        this.log = log;
    }

    /**
     * After a switch (or a drop, with {@code newCommit} null): deletes the hour's commit directories older than
     * every commit in {@code replaced}; nothing when {@code replaced} is empty.
     */
    public Result cleanUp(URI tableLocation, Hour hour, String newCommit, Set<String> replaced) {
        if (replaced.isEmpty()) {
            return new Result(List.of(), List.of());
        }
        URI hourDir = CommitLayout.hourDir(tableLocation, hour);
        List<String> names;
        try {
            names = files.directories(hourDir);
        } catch (Exception e) {
            String error = describe(e);
            log.log(System.Logger.Level.WARNING, "could not list " + hourDir + " to delete old commits of " + hour
                    + ": " + error + "; a later commit of the hour deletes them");
            return new Result(List.of(), List.of(new Leftover(hourDir, error)));
        }
        List<URI> old = CommitLayout.deletable(names, newCommit, replaced).stream()
                .map(id -> CommitLayout.commitDir(tableLocation, hour, id)).toList();
        return delete(old, "old commit directory");
    }

    /**
     * Deletes each directory with everything under it, going on after a failure.
     *
     * @param what what the directories are, for the log (e.g. {@code staged files of an aborted commit})
     */
    public Result delete(Collection<URI> directories, String what) {
        List<URI> deleted = new ArrayList<>();
        List<Leftover> leftovers = new ArrayList<>();
        for (URI dir : directories) {
            try {
                files.deleteRecursively(dir);
                deleted.add(dir);
            } catch (Exception e) {
                String error = describe(e);
                leftovers.add(new Leftover(dir, error));
                log.log(System.Logger.Level.WARNING, "could not delete " + what + " " + dir + ": " + error
                        + "; it is left behind (nothing points at it), delete it by hand or let a later commit of"
                        + " the hour do it");
            }
        }
        return new Result(deleted, leftovers);
    }

    private static String describe(Exception e) {
        String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        return message.replace('\n', ' ');
    }
}
