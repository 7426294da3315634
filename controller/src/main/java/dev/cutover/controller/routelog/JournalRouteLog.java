package dev.cutover.controller.routelog;

import dev.cutover.controller.model.ReportRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Optional;

/**
 * The embedded route log: {@code <state-dir>/routes.journal}, one record per batch with its length and checksum
 * ({@link JournalCodec}), appended and fsynced before {@link #append} returns.
 *
 * <p>Restore reads strictly ({@link JournalReader}): an incomplete last record (a crash mid-append) is copied aside
 * with the whole file to {@code routes.journal.torn-<time>} and cut off; any other damage stops the start with a
 * {@link JournalDamagedException} and changes nothing. A failed append cuts the file back to its length before;
 * if that fails too, the log appends nothing more until a restart. Compaction writes the folded state to a new
 * file, fsyncs it and renames it over the journal; the journal before it stays as {@code routes.journal.previous}
 * until the next start has read the new one. Compaction also runs by itself every {@code compactEvery} appends.
 */
public final class JournalRouteLog implements RouteLog {

    private static final Logger LOG = LoggerFactory.getLogger(JournalRouteLog.class);
    public static final String FILE_NAME = "routes.journal";
    static final String PREVIOUS = FILE_NAME + ".previous";
    private static final String COMPACTING = FILE_NAME + ".compacting";

    /** The superseded share from which a start compacts ({@link #compactAtStart()}). */
    static final double COMPACT_AT_START_SHARE = 0.25;

    private final Path file;
    private final int compactEvery;
    private final Clock clock;
    private final JournalFile.Opener opener;
    private JournalState state = new JournalState();
    private JournalFile channel;
    /** The journal's length as far as this log knows: everything before it was appended and fsynced. */
    private long length;
    /** Why nothing more can be appended (an append failed and could not be undone); null while usable. */
    private String unusable;
    private int appendsSinceCompaction;
    private boolean restored;

    public JournalRouteLog(Path stateDir, int compactEvery) {
        this(stateDir, compactEvery, Clock.systemUTC(), JournalFile.CHANNEL);
    }

    public JournalRouteLog(Path stateDir) {
        this(stateDir, 1000);
    }

    /**
     * The journal under {@code stateDir} without fsync, for the simulation ({@code ./cutover simulate}): the same
     * file, format, restore and compaction, but a simulated kill -9 ends only the process, never the machine, so
     * nothing needs forcing to the disk. Never use it for a controller.
     */
    public static JournalRouteLog unsynced(Path stateDir, int compactEvery, Clock clock) {
        return new JournalRouteLog(stateDir, compactEvery, clock, JournalFile.UNSYNCED);
    }

    /** Writes through {@code opener} (tests: a file whose writes fail half-way). */
    JournalRouteLog(Path stateDir, int compactEvery, JournalFile.Opener opener) {
        this(stateDir, compactEvery, Clock.systemUTC(), opener);
    }

    JournalRouteLog(Path stateDir, int compactEvery, Clock clock, JournalFile.Opener opener) {
        this.file = stateDir.resolve(FILE_NAME).toAbsolutePath();
        this.compactEvery = compactEvery;
        this.clock = clock;
        this.opener = opener;
    }

    /** The state directory this journal is in (one controller process per state directory). */
    public Path stateDirectory() {
        return file.getParent();
    }

    /**
     * Reads the journal; cuts an incomplete last record off after copying the file aside.
     *
     * @throws JournalDamagedException when the journal is damaged anywhere else (nothing is changed)
     */
    @Override
    public synchronized Restored restore() {
        if (restored) {
            throw new IllegalStateException("restore() runs once");
        }
        JournalReader.Contents contents;
        try {
            Files.createDirectories(file.getParent());
            deleteLeftover(file.resolveSibling(COMPACTING));
            if (!Files.exists(file) && Files.exists(file.resolveSibling(PREVIOUS))) {
                throw new RouteLogException("the route log " + file + " is missing but " + PREVIOUS + " (the journal"
                        + " before the last compaction) is there: someone moved the journal away. Put it back, or"
                        + " rename " + PREVIOUS + " to " + FILE_NAME + " to continue from the older state; the"
                        + " controller does not start empty over a lost journal");
            }
            byte[] content = Files.exists(file) ? Files.readAllBytes(file) : new byte[0];
            contents = read(file, content);
            if (contents.tail().isPresent()) {
                cutTornTail(content, contents);
            }
            channel = opener.open(file);
            length = channel.size();
            if (length == 0) {
                channel.write(ByteBuffer.wrap(JournalCodec.HEADER), 0);
                channel.force();
                length = JournalCodec.HEADER.length;
                JournalCopies.syncDirectory(file.getParent());
            }
        } catch (IOException e) {
            throw new RouteLogException("cannot open the route log " + file + ": " + e.getMessage()
                    + " (check the state directory's permissions and free space)", e);
        }
        state = contents.state();
        appendsSinceCompaction = contents.records();
        restored = true;
        if (contents.version() == 1) {
            LOG.info("route log {}: rewriting a version 1 journal as version 2 (the old one is kept as {})", file,
                    PREVIOUS);
            compact();
        } else {
            deletePrevious();
        }
        return state.restored();
    }

    private void deletePrevious() {
        deleteLeftover(file.resolveSibling(PREVIOUS));
    }

    /** Deletes a file the journal no longer needs (a compaction's leftover, an older journal already replaced). */
    private static void deleteLeftover(Path leftover) {
        try {
            Files.deleteIfExists(leftover);
        } catch (IOException e) {
            LOG.warn("cannot delete {}, which the route log no longer needs: {}", leftover, e.getMessage());
        }
    }

    static JournalReader.Contents read(Path file, byte[] content) {
        try {
            return JournalReader.read(content);
        } catch (JournalReader.Damage damage) {
            throw new JournalDamagedException(file, damage.offset(), damage.problem());
        }
    }

    private void cutTornTail(byte[] content, JournalReader.Contents contents) throws IOException {
        JournalReader.Tail tail = contents.tail().orElseThrow();
        Path copy = JournalCopies.keep(file, content, "torn", clock);
        JournalCopies.truncate(file, contents.end());
        LOG.warn("route log {}: cut off an incomplete last record at offset {} ({} bytes; a crash or a failed write"
                + " mid-append, never acknowledged); the file as it was is kept in {}", file, tail.offset(),
                tail.length(), copy);
    }

    /**
     * Reads the journal under {@code stateDir} without changing it (for dry runs); an incomplete last record is
     * ignored, an absent journal reads as empty.
     *
     * @throws JournalDamagedException when the journal is damaged
     */
    public static Restored readOnly(Path stateDir) {
        Path file = stateDir.resolve(FILE_NAME).toAbsolutePath();
        try {
            byte[] content = Files.exists(file) ? Files.readAllBytes(file) : new byte[0];
            return read(file, content).state().restored();
        } catch (IOException e) {
            throw new RouteLogException("cannot read the route log " + file + ": " + e.getMessage(), e);
        }
    }

    /**
     * Appends and fsyncs the batch.
     *
     * @throws RouteLogException when it cannot (the journal is as it was before), or when the batch would lower a
     *                           stream's epoch
     */
    @Override
    public synchronized void append(Batch batch) {
        if (!restored) {
            throw new IllegalStateException("restore() the route log before appending to it");
        }
        if (batch.isEmpty()) {
            return;
        }
        if (unusable != null) {
            throw new RouteLogException("the route log " + file + " is unusable: " + unusable + "; nothing more is"
                    + " appended until the controller restarts (the start moves an incomplete last record aside)");
        }
        JournalRecord record = JournalRecord.of(batch);
        Optional<String> problem = state.problemWith(record);
        if (problem.isPresent()) {
            throw new RouteLogException("refusing to append to the route log " + file + ": " + problem.get()
                    + "; nothing was stored (a controller bug: report it with the audit log)");
        }
        byte[] bytes = JournalCodec.encode(record);
        long before = length;
        try {
            channel.write(ByteBuffer.wrap(bytes), before);
            channel.force();
        } catch (IOException e) {
            throw failedAppend(before, e);
        }
        length = before + bytes.length;
        state.apply(record);
        if (++appendsSinceCompaction >= compactEvery) {
            try {
                compact();
            } catch (RouteLogException e) {
                LOG.warn("the batch was appended, but {}", e.getMessage());
            }
        }
    }

    /** Cuts the journal back to {@code before}; if even that fails, nothing more is appended (it may end in garbage). */
    private RouteLogException failedAppend(long before, IOException e) {
        try {
            channel.truncate(before);
            channel.force();
        } catch (IOException cut) {
            unusable = "an append failed (" + e.getMessage() + ") and cutting the journal back to " + before
                    + " bytes failed too (" + cut.getMessage() + ")";
            return new RouteLogException("cannot append to the route log " + file + ": " + unusable + "; the batch"
                    + " was not applied; restart the controller once the disk is fixed", e);
        }
        return new RouteLogException("cannot append to the route log " + file + ": " + e.getMessage() + "; the"
                + " journal is back at its previous length (" + before + " bytes), nothing of the batch was stored"
                + " (check free space on the state directory)", e);
    }

    /**
     * The compaction of a start: only when at least {@value #COMPACT_AT_START_SHARE} of what the journal holds is
     * superseded (stream records replaced by newer ones, reports a compaction drops). A restart soon after a
     * compaction, or after little churn, would rewrite the same state: at a thousand streams and two weeks of
     * hours that is seconds of a start for nothing. Compaction by append count ({@code compactEvery}) is unchanged.
     *
     * @return whether it compacted
     */
    @Override
    public synchronized boolean compactAtStart() {
        requireRestored();
        List<ReportRecord> kept = state.compactedReports();
        double share = state.supersededShare(kept);
        if (share < COMPACT_AT_START_SHARE) {
            LOG.info("route log {}: not compacting at start, {}% of it is superseded (compacts from {}%)", file,
                    Math.round(share * 100), Math.round(COMPACT_AT_START_SHARE * 100));
            return false;
        }
        compact(kept);
        return true;
    }

    /**
     * Writes the folded state to {@code routes.journal.compacting}, fsyncs it, keeps the journal as
     * {@code routes.journal.previous} and renames the new file over it. When anything fails the journal is unchanged.
     */
    @Override
    public synchronized void compact() {
        requireRestored();
        compact(state.compactedReports());
    }

    private void requireRestored() {
        if (!restored) {
            throw new IllegalStateException("restore() the route log before compacting it");
        }
    }

    private void compact(List<ReportRecord> kept) {
        if (unusable != null) {
            throw new RouteLogException("not compacting the route log " + file + ": it is unusable (" + unusable + ")");
        }
        Path tmp = file.resolveSibling(COMPACTING);
        try {
            Files.deleteIfExists(tmp);
            JournalCopies.write(tmp, out -> {
                out.write(JournalCodec.HEADER);
                for (JournalRecord record : state.snapshot(kept)) {
                    out.write(JournalCodec.encode(record));
                }
            });
            JournalCopies.link(file, file.resolveSibling(PREVIOUS));
            JournalCopies.rename(tmp, file);
            JournalCopies.syncDirectory(file.getParent());
        } catch (IOException e) {
            throw new RouteLogException("cannot compact the route log " + file + ": " + e.getMessage()
                    + " (the journal is unchanged; check free space on the state directory)", e);
        }
        reopen();
        state.replaceReports(kept);
        appendsSinceCompaction = 0;
    }

    private void reopen() {
        try {
            channel.close();
            channel = opener.open(file);
            length = channel.size();
        } catch (IOException e) {
            unusable = "cannot reopen it after compacting (" + e.getMessage() + ")";
            throw new RouteLogException("the route log " + file + " was compacted but " + unusable + "; restart the"
                    + " controller", e);
        }
    }

    @Override
    public String describe() {
        return "journal " + file;
    }

    @Override
    public synchronized void close() {
        try {
            if (channel != null) {
                channel.close();
            }
        } catch (IOException e) {
            LOG.warn("closing the route log {}: {}", file, e.getMessage());
        }
    }
}
