package dev.cutover.streamconfig.source;

import com.fasterxml.jackson.core.JsonPointer;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cutover.streamconfig.JsonTrees;
import dev.cutover.streamconfig.OverrideHead;
import dev.cutover.streamconfig.OverrideLineage;
import dev.cutover.streamconfig.io.AtomicFiles;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The writable override layer: a small JSON file of per-stream settings, deep-merged over a base config by
 * {@link LayeredConfigSource} (like PHP {@code array_replace_recursive}). Promotion, rollback and the CLI
 * write the flag here; nothing ever writes the base config.
 *
 * <p>File format (a missing file is an empty layer at revision 0):
 * <pre>{@code
 * {
 *   "revision": 2,
 *   "streams": {
 *     "eventlogging_NavigationTiming": {"consumers": {"analytics_hive_ingestion": {"hive_database": "event"}}}
 *   },
 *   "history": [
 *     {"revision": 1, "stream": "eventlogging_NavigationTiming",
 *      "pointer": "/consumers/analytics_hive_ingestion/hive_database",
 *      "new_value": "event", "who": "alice", "why": "T123456", "at": "2026-11-25T10:00:00Z",
 *      "prev_hash": "sha256:...", "streams_hash": "sha256:...", "hash": "sha256:..."},
 *     ...
 *   ]
 * }
 * }</pre>
 * In {@code history}, an absent {@code old_value}/{@code new_value} means "no entry" (a JSON {@code null}
 * is a real null value).
 *
 * <p><b>Identity.</b> The history is a hash chain ({@link OverrideChain}): every write links to the layer it was
 * made on ({@code prev_hash}) and commits to its own content and the {@code streams} it left ({@code hash}). The
 * layer's {@link #head() head} is its revision and the hash of its last write, so two layers with the same revision
 * but another history or content (an older copy that was written to after it was restored) have different heads,
 * and a layer descends from a head when that head is in its chain ({@link OverrideLineage#descendsFrom}). A chain
 * that does not verify (an entry or the streams edited by hand, a write removed) is reported
 * ({@link OverrideLineage#problem()}), never trusted. Files from before layers had hashes: their first hashed write
 * links to the fingerprint of the file as it was; the entries before it are covered as a whole by that link.
 *
 * <p>Every write takes an exclusive lock (a {@code .lock} file beside it, so several processes can share the
 * layer), re-reads the file, checks it against the head the caller expects (when given: the controller's recorded
 * head), applies one change, bumps the revision, appends a linked {@link Revision} to the history and replaces the
 * file atomically ({@link AtomicFiles}). Reads always go to the file, so a controller sees what the CLI wrote in
 * another process.
 */
public final class OverrideLayer {

    private static final ObjectMapper JSON =
            JsonMapper.builder().enable(SerializationFeature.INDENT_OUTPUT).build();
    /** In-process locks per file: a FileLock cannot be taken twice by one JVM. */
    private static final Map<Path, Object> PROCESS_LOCKS = new ConcurrentHashMap<>();

    private final Path file;
    private final Clock clock;

    private OverrideLayer(Path file, Clock clock) {
        this.file = file.toAbsolutePath().normalize();
        this.clock = clock;
    }

    /**
     * Opens the layer stored in {@code file} (created on the first write; its directory too).
     *
     * @throws UncheckedIOException when the file exists but cannot be read or is not a valid layer
     */
    public static OverrideLayer open(Path file, Clock clock) {
        OverrideLayer layer = new OverrideLayer(Objects.requireNonNull(file, "file"), Objects.requireNonNull(clock));
        layer.read();
        return layer;
    }

    public Path file() {
        return file;
    }

    /** The current revision: the number of writes so far (0 for a new layer). */
    public long revision() {
        return read().revision();
    }

    /** The layer's head: its revision and the hash that identifies its content and history. */
    public OverrideHead head() {
        return read().lineage().head();
    }

    /** Every write so far, oldest first. */
    public List<Revision> history() {
        return read().history();
    }

    /** The override settings per stream, as stored (copies). */
    public Map<String, ObjectNode> entries() {
        return read().streams();
    }

    /** The layer's own value for one stream and pointer, if it has one. */
    public Optional<JsonNode> get(String stream, JsonPointer pointer) {
        ObjectNode settings = read().streams().get(stream);
        if (settings == null) {
            return Optional.empty();
        }
        JsonNode node = settings.at(pointer);
        return node.isMissingNode() ? Optional.empty() : Optional.of(node);
    }

    /** Revision and entries read together from one version of the file. */
    public State state() {
        return read();
    }

    /**
     * Sets one value: {@code value} at {@code pointer} in {@code stream}'s override settings (objects on the way
     * are created). Every segment of the pointer is an object key.
     *
     * @throws IllegalArgumentException when stream, who or why is blank or the pointer is the root
     * @throws WriteRefused             when the layer's hash chain does not verify (nothing was changed)
     * @throws UncheckedIOException     when the layer cannot be read or written (nothing was changed)
     */
    public Revision set(String stream, JsonPointer pointer, JsonNode value, String who, String why) {
        return set(stream, pointer, value, who, why, Optional.empty());
    }

    /**
     * {@link #set(String, JsonPointer, JsonNode, String, String)} into a layer that must be {@code expected} or a
     * later version of it ({@link OverrideLineage#descendsFrom}), checked under the write lock.
     *
     * @param expected the head the caller knows the layer at (the controller's recorded head), if any
     * @throws WriteRefused when the layer does not descend from {@code expected}, or its chain does not verify and it
     *                      is not exactly {@code expected} (nothing was changed)
     */
    public Revision set(String stream, JsonPointer pointer, JsonNode value, String who, String why,
                        Optional<OverrideHead> expected) {
        Objects.requireNonNull(value, "value (use NullNode for a JSON null)");
        return write(List.of(new Change(stream, Optional.of(value))), pointer, who, why, expected);
    }

    /**
     * Removes the layer's entry at {@code pointer} for {@code stream} (and objects left empty), so the base value
     * shows through again. When the layer has no such entry nothing is written and the returned revision
     * {@link Revision#isNoop() is a no-op} with {@code number == revision()}.
     *
     * @throws WriteRefused        when the layer's hash chain does not verify (nothing was changed)
     * @throws UncheckedIOException when the layer cannot be read or written (nothing was changed)
     */
    public Revision revert(String stream, JsonPointer pointer, String who, String why) {
        return revert(stream, pointer, who, why, Optional.empty());
    }

    /**
     * {@link #revert(String, JsonPointer, String, String)} in a layer that must be {@code expected} or a later
     * version of it; refused as {@link #set(String, JsonPointer, JsonNode, String, String, Optional) set} is.
     */
    public Revision revert(String stream, JsonPointer pointer, String who, String why,
                           Optional<OverrideHead> expected) {
        return write(List.of(new Change(stream, Optional.empty())), pointer, who, why, expected);
    }

    /** One stream's part of a write: set the value, or (empty) remove the layer's entry. */
    public record Change(String stream, Optional<JsonNode> value) {
    }

    /**
     * Several streams' entries at {@code pointer} changed in ONE revision (a stream group moves together): the
     * first change that does something is the revision's stream, the others its {@link Revision#also()}. Changes
     * that find nothing to do (a revert with no entry) are left out; when none does anything, nothing is written
     * and the revision {@link Revision#isNoop() is a no-op}. Refused as {@link #set} is.
     */
    public Revision write(List<Change> changes, JsonPointer pointer, String who, String why,
                          Optional<OverrideHead> expected) {
        if (changes.isEmpty()) {
            throw new IllegalArgumentException("an override write needs at least one stream");
        }
        changes.forEach(c -> check(c.stream(), pointer, who, why));
        return write(expected, state -> {
            List<Revision.Edit> edits = new ArrayList<>();
            for (Change c : changes) {
                ObjectNode settings = c.value().isPresent()
                        ? state.streams.computeIfAbsent(c.stream(), s -> JsonNodeFactory.instance.objectNode())
                        : state.streams.get(c.stream());
                JsonNode old = settings == null ? null : settings.at(pointer);
                if (c.value().isPresent()) {
                    JsonTrees.setAt(settings, pointer, c.value().get());
                } else if (settings == null || JsonTrees.removeAt(settings, pointer) == null) {
                    continue;
                } else if (settings.isEmpty()) {
                    state.streams.remove(c.stream());
                }
                edits.add(new Revision.Edit(c.stream(), old == null || old.isMissingNode() ? Optional.empty()
                        : Optional.of(old), c.value()));
            }
            if (edits.isEmpty()) {
                return new Revision(state.revision, changes.get(0).stream(), pointer, Optional.empty(),
                        Optional.empty(), who, why, clock.instant());
            }
            Revision.Edit first = edits.get(0);
            return new Revision(state.revision + 1, first.stream(), pointer, first.oldValue(), first.newValue(), who,
                    why, clock.instant(), Optional.empty(), edits.subList(1, edits.size()));
        });
    }

    private static void check(String stream, JsonPointer pointer, String who, String why) {
        Objects.requireNonNull(pointer, "pointer");
        if (stream == null || stream.isBlank()) {
            throw new IllegalArgumentException("an override needs a stream name");
        }
        if (pointer.matches()) {
            throw new IllegalArgumentException("an override needs a pointer below the stream, e.g."
                    + " /consumers/analytics_hive_ingestion/hive_database (got the root)");
        }
        if (who == null || who.isBlank() || why == null || why.isBlank()) {
            throw new IllegalArgumentException("every override write needs who and why (got who='" + who
                    + "', why='" + why + "')");
        }
    }

    private Revision write(Optional<OverrideHead> expected,
                           java.util.function.Function<MutableState, Revision> change) {
        Object processLock = PROCESS_LOCKS.computeIfAbsent(file, f -> new Object());
        synchronized (processLock) {
            Path lockFile = file.resolveSibling(file.getFileName() + ".lock");
            try {
                Files.createDirectories(file.getParent());
                try (FileChannel channel = FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE)) {
                    FileLock fileLock = channel.lock();
                    try {
                        return writeLocked(expected, change);
                    } finally {
                        fileLock.release();
                    }
                }
            } catch (IOException e) {
                throw new UncheckedIOException("override layer " + file + ": cannot write (" + e.getMessage()
                        + "); nothing was changed", e);
            }
        }
    }

    private Revision writeLocked(Optional<OverrideHead> expected,
                                 java.util.function.Function<MutableState, Revision> change) throws IOException {
        State current = read();
        OverrideLineage lineage = current.lineage();
        refusal(lineage, expected).ifPresent(reason -> {
            throw new WriteRefused(file, lineage, expected, reason);
        });
        MutableState state = new MutableState(current);
        if (lineage.problem().isPresent()) {
            // accepted as it is (expected is exactly its head): the chain starts again from its fingerprint
            state.history.replaceAll(Revision::unsealed);
        }
        Revision revision = change.apply(state);
        if (revision.number() == current.revision()) {
            return revision;
        }
        Revision sealed = OverrideChain.seal(revision, lineage.head().hash().orElseThrow(), state.streams);
        state.revision = sealed.number();
        state.history.add(sealed);
        AtomicFiles.write(file, JSON.writeValueAsBytes(state.toJson()));
        return sealed;
    }

    /** Why a write into {@code lineage} must not happen when the writer expects {@code expected}, if it must not. */
    private static Optional<String> refusal(OverrideLineage lineage, Optional<OverrideHead> expected) {
        if (expected.isPresent() && lineage.descendsFrom(expected.get())) {
            return Optional.empty();
        }
        if (lineage.problem().isPresent()) {
            return Optional.of(" and its history was rewritten (" + lineage.problem().get() + ")"
                    + expected.map(e -> ", expected " + e.describe() + " or a later version of it").orElse(""));
        }
        return expected.map(e -> ", not " + e.describe() + " or a later version of it (an older copy, a copy"
                + " written to after it was restored, or another layer)");
    }

    /**
     * A write refused because the layer is not the version the writer expects (or its chain does not verify):
     * nothing was written. The message names the file, both heads and the ways out.
     */
    public static final class WriteRefused extends IllegalStateException {

        private final transient OverrideLineage lineage;
        private final transient Optional<OverrideHead> expected;

        WriteRefused(Path file, OverrideLineage lineage, Optional<OverrideHead> expected, String reason) {
            super("override layer " + file + " is at " + lineage.head().describe() + reason
                    + "; nothing was written. Restore the"
                    + " file the controller last applied (a backup, or the copy on the shared volume; its history"
                    + " names every write), or, if this layer is the one to keep, accept it at the controller first"
                    + " (audited: ./cutover accept-override-layer --revision " + lineage.head().revision()
                    + " --why TEXT) and write again");
            this.lineage = lineage;
            this.expected = expected;
        }

        public OverrideLineage lineage() {
            return lineage;
        }

        public Optional<OverrideHead> expected() {
            return expected;
        }
    }

    private State read() {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            return new State(0, Map.of(), List.of());
        } catch (IOException e) {
            throw new UncheckedIOException("override layer " + file + ": cannot read (" + e.getMessage() + ")", e);
        }
        try {
            return OverrideFileFormat.parse(JSON.readTree(bytes));
        } catch (IOException | IllegalArgumentException e) {
            throw new UncheckedIOException(new IOException("override layer " + file + " is not valid ("
                    + e.getMessage() + "); fix or restore the file (its history is in the file itself)", e));
        }
    }

    /**
     * One consistent reading of the layer.
     *
     * @param revision the number of writes so far
     * @param streams  override settings per stream (copies)
     * @param history  every write, oldest first
     */
    public record State(long revision, Map<String, ObjectNode> streams, List<Revision> history) {

        /** What this version's hash chain says: its head, the heads it descends from, or what is wrong with it. */
        public OverrideLineage lineage() {
            return OverrideChain.lineage(this);
        }

        public State {
            Map<String, ObjectNode> copy = new LinkedHashMap<>();
            streams.forEach((k, v) -> copy.put(k, v.deepCopy()));
            streams = Collections.unmodifiableMap(copy);
            history = List.copyOf(history);
        }

        @Override
        public Map<String, ObjectNode> streams() {
            Map<String, ObjectNode> copy = new LinkedHashMap<>();
            streams.forEach((k, v) -> copy.put(k, v.deepCopy()));
            return Collections.unmodifiableMap(copy);
        }
    }

    private static final class MutableState {
        long revision;
        final Map<String, ObjectNode> streams;
        final List<Revision> history;

        MutableState(State state) {
            this.revision = state.revision();
            this.streams = new LinkedHashMap<>(state.streams());
            this.history = new ArrayList<>(state.history());
        }

        ObjectNode toJson() {
            ObjectNode root = JsonNodeFactory.instance.objectNode();
            root.put("revision", revision);
            ObjectNode streamsNode = root.putObject("streams");
            streams.forEach(streamsNode::set);
            ArrayNode historyNode = root.putArray("history");
            history.forEach(r -> historyNode.add(OverrideFileFormat.toJson(r)));
            return root;
        }
    }
}
