package dev.cutover.controller.routelog;

import dev.cutover.protocol.AuditEvent;
import dev.cutover.controller.model.ReportRecord;
import dev.cutover.controller.model.StreamState;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The embedded route log: {@code <state-dir>/routes.journal}, one checksummed JSON line per batch, appended and
 * fsynced before {@link #append} returns. Restore folds the lines; a torn last line (a crash mid-write) is cut
 * off, a corrupt line followed by good ones is refused (the file needs a person). Compaction writes the folded
 * state to a temporary file, fsyncs it and renames it over the journal atomically; it also runs by itself
 * every {@code compactEvery} appends.
 */
public final class JournalRouteLog implements RouteLog {

    private static final Logger LOG = LoggerFactory.getLogger(JournalRouteLog.class);
    public static final String FILE_NAME = "routes.journal";

    private final Path file;
    private final int compactEvery;
    private final Map<String, StreamRecord> routes = new LinkedHashMap<>();
    private final List<AuditEvent> events = new ArrayList<>();
    private final List<ReportRecord> reports = new ArrayList<>();
    private final JournalFile.Opener opener;
    private JournalFile channel;
    /** The journal's length as far as this log knows: everything before it was appended and fsynced. */
    private long length;
    /** Why nothing more can be appended (an append failed and could not be undone); null while usable. */
    private String unusable;
    private int appendsSinceCompaction;
    private boolean restored;

    public JournalRouteLog(Path stateDir, int compactEvery) {
        this(stateDir, compactEvery, JournalFile.CHANNEL);
    }

    /** Writes through {@code opener} (tests: a file whose writes fail half-way). */
    JournalRouteLog(Path stateDir, int compactEvery, JournalFile.Opener opener) {
        this.file = stateDir.resolve(FILE_NAME).toAbsolutePath();
        this.compactEvery = compactEvery;
        this.opener = opener;
    }

    public JournalRouteLog(Path stateDir) {
        this(stateDir, 1000);
    }

    @Override
    public synchronized Restored restore() {
        try {
            Files.createDirectories(file.getParent());
            if (Files.exists(file)) {
                readJournal();
            }
            channel = opener.open(file);
            length = channel.size();
        } catch (IOException e) {
            throw new RouteLogException("cannot open the route log " + file + ": " + e.getMessage()
                    + " (check the state directory's permissions and free space)", e);
        }
        restored = true;
        return new Restored(states(routes), events, reports);
    }

    /**
     * Reads the journal under {@code stateDir} without changing it (for dry runs); a torn last entry is ignored.
     * An absent journal reads as empty.
     */
    public static Restored readOnly(Path stateDir) {
        JournalRouteLog reader = new JournalRouteLog(stateDir);
        try {
            if (Files.exists(reader.file)) {
                reader.readJournal(false);
            }
        } catch (IOException e) {
            throw new RouteLogException("cannot read the route log " + reader.file + ": " + e.getMessage(), e);
        }
        return new Restored(states(reader.routes), reader.events, reader.reports);
    }

    private void readJournal() throws IOException {
        readJournal(true);
    }

    private void readJournal(boolean repair) throws IOException {
        byte[] content = Files.readAllBytes(file);
        int offset = 0;
        int lineNumber = 0;
        while (offset < content.length) {
            int end = indexOf(content, (byte) '\n', offset);
            lineNumber++;
            Optional<Batch> batch = end < 0 ? Optional.empty()
                    : JournalCodec.decode(new String(content, offset, end - offset, StandardCharsets.UTF_8));
            if (batch.isEmpty()) {
                if (end >= 0 && end + 1 < content.length) {
                    throw new RouteLogException("route log " + file + " is corrupt at line " + lineNumber
                            + " and has entries after it; restore the file from a backup or move it away to"
                            + " start empty (the controller never guesses routes)");
                }
                if (!repair) {
                    return;
                }
                LOG.warn("route log {}: cutting off a torn last entry at line {} ({} bytes; a crash mid-write)",
                        file, lineNumber, content.length - offset);
                try (FileChannel truncate = FileChannel.open(file, StandardOpenOption.WRITE)) {
                    truncate.truncate(offset);
                    truncate.force(true);
                }
                return;
            }
            fold(batch.get());
            offset = end + 1;
            appendsSinceCompaction++;
        }
    }

    private static int indexOf(byte[] content, byte b, int from) {
        for (int i = from; i < content.length; i++) {
            if (content[i] == b) {
                return i;
            }
        }
        return -1;
    }

    private static Map<String, StreamState> states(Map<String, StreamRecord> records) {
        Map<String, StreamState> states = new LinkedHashMap<>();
        records.forEach((stream, record) -> states.put(stream, record.state()));
        return states;
    }

    private void fold(Batch batch) {
        batch.routes().forEach(record -> routes.put(record.state().stream(), record));
        events.addAll(batch.events());
        reports.addAll(batch.reports());
    }

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
        byte[] bytes = JournalCodec.encode(batch);
        long before = length;
        try {
            channel.write(ByteBuffer.wrap(bytes), before);
            channel.force();
        } catch (IOException e) {
            throw failedAppend(before, e);
        }
        length = before + bytes.length;
        fold(batch);
        if (++appendsSinceCompaction >= compactEvery) {
            compact();
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

    @Override
    public synchronized void compact() {
        if (!restored) {
            throw new IllegalStateException("restore() the route log before compacting it");
        }
        List<ReportRecord> kept = ReportCompaction.compact(reports);
        Batch folded = new Batch(List.copyOf(routes.values()), events, kept);
        Path tmp = file.resolveSibling(FILE_NAME + ".compacting");
        try {
            try (FileChannel out = FileChannel.open(tmp, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                    StandardOpenOption.TRUNCATE_EXISTING)) {
                ByteBuffer buffer = ByteBuffer.wrap(JournalCodec.encode(folded));
                while (buffer.hasRemaining()) {
                    out.write(buffer);
                }
                out.force(true);
            }
            channel.close();
            try {
                Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
            }
            syncDirectory();
            channel = opener.open(file);
            length = channel.size();
        } catch (IOException e) {
            throw new RouteLogException("cannot compact the route log " + file + ": " + e.getMessage()
                    + " (the journal is unchanged)", e);
        }
        reports.clear();
        reports.addAll(kept);
        appendsSinceCompaction = 0;
    }

    private void syncDirectory() {
        try (FileChannel dir = FileChannel.open(file.getParent(), StandardOpenOption.READ)) {
            dir.force(true);
        } catch (IOException e) {
            LOG.debug("cannot fsync directory {} (not supported here): {}", file.getParent(), e.getMessage());
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
