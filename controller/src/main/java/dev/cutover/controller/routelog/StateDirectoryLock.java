package dev.cutover.controller.routelog;

import java.io.IOException;
import java.net.InetAddress;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * One process per state directory: an exclusive lock on {@code <state-dir>/.lock}, held until {@link #close()} (or
 * until the process dies: the operating system releases it, so a killed controller leaves no stale lock). The file
 * says who holds it: pid, host, what for, since when, and where it listens once it does.
 *
 * <p>Within one JVM the lock is refused before the file is even opened: a file lock belongs to the whole process,
 * and on Linux closing any descriptor of the file releases it. So the directories this JVM holds are kept in one
 * JVM-wide map (the same kind of table the JDK keeps for {@link FileChannel#tryLock()}).
 */
public final class StateDirectoryLock implements AutoCloseable {

    public static final String FILE_NAME = ".lock";
    private static final Map<Path, String> HELD_BY_THIS_JVM = new ConcurrentHashMap<>();

    private final Path dir;
    private final FileChannel channel;
    private final FileLock lock;
    private final String holder;
    private String description;
    private boolean released;

    private StateDirectoryLock(Path dir, FileChannel channel, FileLock lock, String holder) {
        this.dir = dir;
        this.channel = channel;
        this.lock = lock;
        this.holder = holder;
        this.description = holder;
    }

    /**
     * Locks {@code stateDir} (creating it) for {@code purpose}, e.g. "controller" or "journal repair".
     *
     * @throws StateDirectoryInUseException when another process, or this one, holds it
     * @throws RouteLogException            when the lock file cannot be written
     */
    public static StateDirectoryLock acquire(Path stateDir, String purpose, Clock clock) {
        Path dir;
        try {
            dir = Files.createDirectories(stateDir).toRealPath();
        } catch (IOException e) {
            throw new RouteLogException("cannot create the state directory " + stateDir + ": " + e.getMessage(), e);
        }
        String holder = "pid " + ProcessHandle.current().pid() + " on host " + host() + ", " + purpose + ", since "
                + clock.instant();
        String other = HELD_BY_THIS_JVM.putIfAbsent(dir, holder);
        if (other != null) {
            throw new StateDirectoryInUseException(dir, other + " (in this same process)");
        }
        FileChannel channel = null;
        try {
            channel = FileChannel.open(dir.resolve(FILE_NAME), StandardOpenOption.CREATE, StandardOpenOption.READ,
                    StandardOpenOption.WRITE);
            FileLock lock = channel.tryLock();
            if (lock == null) {
                throw new StateDirectoryInUseException(dir, read(channel));
            }
            StateDirectoryLock locked = new StateDirectoryLock(dir, channel, lock, holder);
            locked.write(holder);
            return locked;
        } catch (IOException | RuntimeException e) {
            HELD_BY_THIS_JVM.remove(dir, holder);
            closeQuietly(channel);
            if (e instanceof RuntimeException runtime) {
                throw runtime;
            }
            throw new RouteLogException("cannot lock the state directory " + dir + " (" + dir.resolve(FILE_NAME)
                    + "): " + e.getMessage() + " (check its permissions)", e);
        }
    }

    /** Adds {@code more} (e.g. "listening on http://...") to what the lock file says about the holder. */
    public synchronized void describe(String more) {
        description = holder + ", " + more;
        HELD_BY_THIS_JVM.replace(dir, description);
        try {
            write(description);
        } catch (IOException e) {
            // The lock holds all the same; only the description for a second process is older.
        }
    }

    public Path directory() {
        return dir;
    }

    private void write(String text) throws IOException {
        channel.truncate(0);
        channel.write(ByteBuffer.wrap((text + "\n").getBytes(StandardCharsets.UTF_8)), 0);
        channel.force(true);
    }

    private static String read(FileChannel channel) throws IOException {
        ByteBuffer buffer = ByteBuffer.allocate(1024);
        channel.read(buffer, 0);
        String text = new String(buffer.array(), 0, buffer.position(), StandardCharsets.UTF_8).trim();
        return text.isEmpty() ? "a process that has not said who it is yet" : text;
    }

    private static String host() {
        String host = System.getenv("HOSTNAME");
        if (host != null && !host.isBlank()) {
            return host;
        }
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (IOException e) {
            return "unknown";
        }
    }

    private static void closeQuietly(FileChannel channel) {
        try {
            if (channel != null) {
                channel.close();
            }
        } catch (IOException e) {
            // nothing held through it
        }
    }

    /** Releases the lock (the file stays; it says nothing once nobody holds the lock). */
    @Override
    public synchronized void close() {
        if (released) {
            return;
        }
        released = true;
        try {
            lock.release();
        } catch (IOException e) {
            // closing the channel releases it too
        }
        closeQuietly(channel);
        HELD_BY_THIS_JVM.remove(dir, description);
    }
}
