package dev.cutover.controller.routelog;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/** Durable file moves next to the journal: fsynced copies, atomic renames, directory fsync. */
final class JournalCopies {

    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'")
            .withZone(ZoneOffset.UTC);

    private JournalCopies() {
    }

    /** Writes {@code content} to a new {@code <file>.<what>-<time>} next to {@code file}, fsynced; returns it. */
    static Path keep(Path file, byte[] content, String what, Clock clock) throws IOException {
        String base = file.getFileName() + "." + what + "-" + STAMP.format(clock.instant());
        Path copy = file.resolveSibling(base);
        for (int n = 2; Files.exists(copy); n++) {
            copy = file.resolveSibling(base + "-" + n);
        }
        write(copy, content);
        syncDirectory(file.getParent());
        return copy;
    }

    /** Creates {@code file} with exactly {@code content}, fsynced. */
    /** What writes a new file's content (a compaction's records, one by one). */
    @FunctionalInterface
    interface Content {
        void writeTo(java.io.OutputStream out) throws IOException;
    }

    /**
     * Writes a new file from {@code content} through a buffer (a compaction of a large journal is never held in
     * memory whole), fsynced.
     */
    static void write(Path file, Content content) throws IOException {
        try (FileChannel out = FileChannel.open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
            java.io.OutputStream stream = new java.io.BufferedOutputStream(java.nio.channels.Channels.newOutputStream(out),
                    1 << 20);
            content.writeTo(stream);
            stream.flush();
            out.force(true);
        }
    }

    static void write(Path file, byte[] content) throws IOException {
        try (FileChannel out = FileChannel.open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
            ByteBuffer buffer = ByteBuffer.wrap(content);
            while (buffer.hasRemaining()) {
                out.write(buffer);
            }
            out.force(true);
        }
    }

    /** Cuts {@code file} to {@code length} bytes, fsynced. */
    static void truncate(Path file, long length) throws IOException {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE)) {
            channel.truncate(length);
            channel.force(true);
        }
    }

    /** Makes {@code link} a second name of {@code file} (a hard link; a fsynced copy where links do not work). */
    static void link(Path file, Path link) throws IOException {
        Files.deleteIfExists(link);
        try {
            Files.createLink(link, file);
        } catch (UnsupportedOperationException | IOException e) {
            write(link, Files.readAllBytes(file));
        }
    }

    static void rename(Path from, Path to) throws IOException {
        try {
            Files.move(from, to, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(from, to, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    /** Makes renames and new files in {@code dir} durable (where the platform allows it). */
    static void syncDirectory(Path dir) {
        try (FileChannel channel = FileChannel.open(dir, StandardOpenOption.READ)) {
            channel.force(true);
        } catch (IOException e) {
            // Not supported on every platform (Windows); the files themselves were fsynced.
        }
    }
}
