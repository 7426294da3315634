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
 *      "new_value": "event", "who": "alice", "why": "T123456", "at": "2026-11-25T10:00:00Z"},
 *     ...
 *   ]
 * }
 * }</pre>
 * In {@code history}, an absent {@code old_value}/{@code new_value} means "no entry" (a JSON {@code null}
 * is a real null value).
 *
 * <p>Every write takes an exclusive lock (a {@code .lock} file beside it, so several processes can share the
 * layer), re-reads the file, applies one change, bumps the revision, appends a {@link Revision} to the
 * history and replaces the file atomically ({@link AtomicFiles}). Reads always go to the file, so a
 * controller sees what the CLI wrote in another process.
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
     * @throws UncheckedIOException     when the layer cannot be read or written (nothing was changed)
     */
    public Revision set(String stream, JsonPointer pointer, JsonNode value, String who, String why) {
        Objects.requireNonNull(value, "value (use NullNode for a JSON null)");
        check(stream, pointer, who, why);
        return write(state -> {
            ObjectNode settings = state.streams.computeIfAbsent(stream, s -> JsonNodeFactory.instance.objectNode());
            JsonNode old = settings.at(pointer);
            JsonTrees.setAt(settings, pointer, value);
            return new Revision(state.revision + 1, stream, pointer,
                    old.isMissingNode() ? Optional.empty() : Optional.of(old), Optional.of(value), who, why,
                    clock.instant());
        });
    }

    /**
     * Removes the layer's entry at {@code pointer} for {@code stream} (and objects left empty), so the base value
     * shows through again. When the layer has no such entry nothing is written and the returned revision
     * {@link Revision#isNoop() is a no-op} with {@code number == revision()}.
     *
     * @throws UncheckedIOException when the layer cannot be read or written (nothing was changed)
     */
    public Revision revert(String stream, JsonPointer pointer, String who, String why) {
        check(stream, pointer, who, why);
        return write(state -> {
            ObjectNode settings = state.streams.get(stream);
            JsonNode removed = settings == null ? null : JsonTrees.removeAt(settings, pointer);
            if (removed == null) {
                return new Revision(state.revision, stream, pointer, Optional.empty(), Optional.empty(), who, why,
                        clock.instant());
            }
            if (settings.isEmpty()) {
                state.streams.remove(stream);
            }
            return new Revision(state.revision + 1, stream, pointer, Optional.of(removed), Optional.empty(), who, why,
                    clock.instant());
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

    private Revision write(java.util.function.Function<MutableState, Revision> change) {
        Object processLock = PROCESS_LOCKS.computeIfAbsent(file, f -> new Object());
        synchronized (processLock) {
            Path lockFile = file.resolveSibling(file.getFileName() + ".lock");
            try {
                Files.createDirectories(file.getParent());
                try (FileChannel channel = FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE)) {
                    FileLock fileLock = channel.lock();
                    try {
                        return writeLocked(change);
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

    private Revision writeLocked(java.util.function.Function<MutableState, Revision> change) throws IOException {
        State current = read();
        MutableState state = new MutableState(current);
        Revision revision = change.apply(state);
        if (revision.number() == current.revision()) {
            return revision;
        }
        state.revision = revision.number();
        state.history.add(revision);
        AtomicFiles.write(file, JSON.writeValueAsBytes(state.toJson()));
        return revision;
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
