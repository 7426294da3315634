package dev.cutover.controller.routelog;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/** What {@code ./cutover journal verify} and {@code ./cutover journal repair} do to a state directory's journal. */
public final class JournalTool {

    private JournalTool() {
    }

    /** What a journal holds: records, streams, events, reports, the highest epoch per stream. */
    public record Summary(Path file, long size, int version, int records, int streams, int events, int reports,
                          Map<String, Long> highestEpochs, Optional<Long> incompleteLastRecordAt) {
    }

    /** What a repair did: the copy of the original, where it cut, and the epochs it carried over from what it cut. */
    public record Repaired(Path file, Path copy, long cutAt, long droppedBytes, Map<String, Long> carriedEpochs) {
    }

    public static Path journal(Path stateDir) {
        return stateDir.resolve(JournalRouteLog.FILE_NAME).toAbsolutePath();
    }

    /**
     * Reads the journal without changing it.
     *
     * @throws JournalDamagedException when it is damaged (the offset and the problem are in it)
     */
    public static Summary verify(Path stateDir) {
        Path file = journal(stateDir);
        byte[] content = read(file);
        return summary(file, content.length, JournalRouteLog.read(file, content));
    }

    /** The good records before {@code offset} (where verify found damage). */
    public static Summary verifyBefore(Path stateDir, long offset) {
        Path file = journal(stateDir);
        byte[] content = read(file);
        byte[] prefix = Arrays.copyOf(content, (int) Math.min(offset, content.length));
        return summary(file, prefix.length, JournalRouteLog.read(file, prefix));
    }

    /** The highest epoch per stream in the readable records from {@code offset} on: what a cut there would drop. */
    public static Map<String, Long> epochsFrom(Path stateDir, long offset) {
        return JournalReader.epochsFrom(read(journal(stateDir)), offset);
    }

    private static Summary summary(Path file, long size, JournalReader.Contents contents) {
        JournalState state = contents.state();
        return new Summary(file, size, contents.version(), contents.records(), state.streams(), state.events(),
                state.reports(), state.highestEpochs(), contents.tail().map(JournalReader.Tail::offset));
    }

    /**
     * Keeps a copy of the journal as {@code routes.journal.repair-<time>}, then replaces it by the records before
     * {@code cutAt} (compacted) plus the highest epochs of the readable records it cut off, so none is reused. Holds
     * the state directory's lock meanwhile (no controller may run).
     *
     * @throws RouteLogException when {@code cutAt} is not where a good record starts or ends, or the journal is
     *                           damaged before it; nothing is changed then
     */
    public static Repaired repair(Path stateDir, long cutAt, Clock clock) {
        Path file = journal(stateDir);
        try (StateDirectoryLock lock = StateDirectoryLock.acquire(stateDir, "journal repair", clock)) {
            byte[] content = read(file);
            if (cutAt < 0 || cutAt > content.length) {
                throw new RouteLogException("cannot cut " + file + " at offset " + cutAt + ": the file has "
                        + content.length + " bytes");
            }
            JournalReader.Contents kept = keptBefore(file, content, cutAt);
            Map<String, Long> dropped = JournalReader.epochsFrom(content, cutAt);
            Map<String, Long> carried = new LinkedHashMap<>();
            dropped.forEach((stream, epoch) -> {
                if (epoch > kept.state().highestEpochs().getOrDefault(stream, 0L)) {
                    carried.put(stream, epoch);
                }
            });
            kept.state().raiseEpochs(carried);
            Path copy = JournalCopies.keep(file, content, "repair", clock);
            replace(file, kept.state());
            return new Repaired(file, copy, cutAt, content.length - cutAt, carried);
        } catch (IOException e) {
            throw new RouteLogException("cannot repair " + file + ": " + e.getMessage() + " (the journal is unchanged"
                    + " unless a copy of it was reported)", e);
        }
    }

    private static JournalReader.Contents keptBefore(Path file, byte[] content, long cutAt) {
        JournalReader.Contents kept;
        try {
            kept = JournalReader.read(Arrays.copyOf(content, (int) cutAt));
        } catch (JournalReader.Damage damage) {
            throw new RouteLogException("cannot cut " + file + " at offset " + cutAt + ": it is already damaged at"
                    + " offset " + damage.offset() + " (" + damage.problem() + "); cut there instead");
        }
        if (kept.tail().isPresent()) {
            String damaged = "";
            try {
                JournalReader.read(content);
            } catch (JournalReader.Damage damage) {
                damaged = "; the journal is damaged at offset " + damage.offset();
            }
            throw new RouteLogException("cannot cut " + file + " at offset " + cutAt + ": that is not where a record"
                    + " starts (the last record before it starts at offset " + kept.tail().get().offset() + ")"
                    + damaged + "; give the offset that './cutover journal verify' names");
        }
        return kept;
    }

    private static void replace(Path file, JournalState state) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(JournalCodec.HEADER);
        for (JournalRecord record : state.snapshot()) {
            out.write(JournalCodec.encode(record));
        }
        Path tmp = file.resolveSibling(JournalRouteLog.FILE_NAME + ".repairing");
        Files.deleteIfExists(tmp);
        JournalCopies.write(tmp, out.toByteArray());
        JournalCopies.rename(tmp, file);
        JournalCopies.syncDirectory(file.getParent());
    }

    private static byte[] read(Path file) {
        try {
            if (!Files.exists(file)) {
                throw new RouteLogException("there is no route log at " + file + " (is --state-dir the controller's"
                        + " state directory?)");
            }
            return Files.readAllBytes(file);
        } catch (IOException e) {
            throw new RouteLogException("cannot read the route log " + file + ": " + e.getMessage(), e);
        }
    }
}
