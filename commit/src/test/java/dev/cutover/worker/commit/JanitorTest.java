package dev.cutover.worker.commit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cutover.protocol.Hour;
import java.io.IOException;
import java.net.URI;
import java.text.MessageFormat;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.ResourceBundle;
import java.util.Set;
import org.junit.jupiter.api.Test;

class JanitorTest {

    private static final Hour HOUR = Hour.parse("2026-11-23T01");
    private static final URI TABLE = URI.create("hdfs://analytics-hadoop/wmf/data/event/navigationtiming");
    private static final String OLDEST = "20261123T020000-0000000a";
    private static final String OLDER = "20261123T030000-0000000b";
    private static final String REPLACED = "20261123T040000-0000000c";
    private static final String NEW = "20261123T050000-0000000d";

    /** Directories by parent; some cannot be deleted or listed. */
    private static final class FakeFiles implements Janitor.Files {
        final Map<URI, List<String>> directories = new HashMap<>();
        final Map<URI, RuntimeException> uncheckedFailures = new HashMap<>();
        final Set<URI> undeletable = new HashSet<>();
        final List<URI> listed = new ArrayList<>();
        final List<URI> deleted = new ArrayList<>();
        boolean listingFails;

        @Override
        public List<String> directories(URI dir) throws IOException {
            listed.add(dir);
            if (listingFails) {
                throw new IOException("connection refused");
            }
            return directories.getOrDefault(dir, List.of());
        }

        @Override
        public void deleteRecursively(URI path) throws IOException {
            if (uncheckedFailures.containsKey(path)) {
                throw uncheckedFailures.get(path);
            }
            if (undeletable.contains(path)) {
                throw new IOException("Permission denied: user=analytics-search");
            }
            deleted.add(path);
        }
    }

    /** Keeps what is logged. */
    private static final class RecordingLogger implements System.Logger {
        final List<String> lines = new ArrayList<>();

        @Override
        public String getName() {
            return "test";
        }

        @Override
        public boolean isLoggable(Level level) {
            return true;
        }

        @Override
        public void log(Level level, ResourceBundle bundle, String msg, Throwable thrown) {
            lines.add(level + " " + msg);
        }

        @Override
        public void log(Level level, ResourceBundle bundle, String format, Object... params) {
            lines.add(level + " " + (params == null || params.length == 0 ? format : MessageFormat.format(format, params)));
        }
    }

    private final FakeFiles files = new FakeFiles();
    private final RecordingLogger log = new RecordingLogger();
    private final Janitor janitor = new Janitor(files, log);

    private static URI commit(String id) {
        return CommitLayout.commitDir(TABLE, HOUR, id);
    }

    @Test
    void aCleanupDeletesTheCommitsOlderThanTheReplacedOneAndLogsNothing() {
        files.directories.put(CommitLayout.hourDir(TABLE, HOUR), List.of(OLDEST, OLDER, REPLACED, NEW));

        Janitor.Result result = janitor.cleanUp(TABLE, HOUR, NEW, Set.of(REPLACED));

        assertThat(files.deleted).containsExactly(commit(OLDEST), commit(OLDER));
        assertThat(result).isEqualTo(new Janitor.Result(List.of(commit(OLDEST), commit(OLDER)), List.of()));
        assertThat(log.lines).isEmpty();
    }

    @Test
    void whatItCannotDeleteItLogsWithThePathAndTheErrorAndGoesOn() {
        files.directories.put(CommitLayout.hourDir(TABLE, HOUR), List.of(OLDEST, OLDER, REPLACED, NEW));
        files.undeletable.add(commit(OLDEST));

        Janitor.Result result = janitor.cleanUp(TABLE, HOUR, NEW, Set.of(REPLACED));

        assertThat(files.deleted).containsExactly(commit(OLDER));
        assertThat(result.leftovers()).containsExactly(new Janitor.Leftover(commit(OLDEST),
                "Permission denied: user=analytics-search"));
        assertThat(log.lines).singleElement().asString().startsWith("WARNING")
                .contains(commit(OLDEST).toString(), "Permission denied: user=analytics-search");
    }

    @Test
    void anUncheckedFileSystemErrorIsLoggedAndNeverThrown() {
        files.uncheckedFailures.put(commit(OLDEST), new IllegalStateException("file system closed"));

        Janitor.Result result = janitor.delete(List.of(commit(OLDEST), commit(OLDER)), "the staged files of a commit");

        assertThat(result.deleted()).containsExactly(commit(OLDER));
        assertThat(log.lines).singleElement().asString()
                .contains("the staged files of a commit", commit(OLDEST).toString(), "file system closed");
    }

    @Test
    void aListingThatFailsIsLoggedAndDeletesNothing() {
        files.listingFails = true;

        Janitor.Result result = janitor.cleanUp(TABLE, HOUR, NEW, Set.of(REPLACED));

        assertThat(files.deleted).isEmpty();
        assertThat(result.leftovers()).containsExactly(new Janitor.Leftover(CommitLayout.hourDir(TABLE, HOUR),
                "connection refused"));
        assertThat(log.lines).singleElement().asString()
                .contains(CommitLayout.hourDir(TABLE, HOUR).toString(), "connection refused");
    }

    @Test
    void withoutAReplacedCommitNothingIsListedOrDeleted() {
        files.directories.put(CommitLayout.hourDir(TABLE, HOUR), List.of(OLDEST, NEW));

        Janitor.Result result = janitor.cleanUp(TABLE, HOUR, NEW, Set.of());

        assertThat(files.listed).isEmpty();
        assertThat(result).isEqualTo(new Janitor.Result(List.of(), List.of()));
    }
}
