package dev.cutover.controller.routelog;

import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * The journal file as {@link JournalRouteLog} writes it: writes at a position, fsync, truncate. A seam: the real one
 * is a {@link FileChannel}; tests use one whose writes fail half-way (a full disk).
 */
interface JournalFile extends Closeable {

    /** Opens (and creates) the journal file for writing. */
    interface Opener {
        JournalFile open(Path file) throws IOException;
    }

    Opener CHANNEL = Channel::new;

    /**
     * The real file without fsync: for the simulation, whose kill -9 ends a process but never the machine, so what
     * was written survives without it (the file, the records and their checksums are the same).
     */
    Opener UNSYNCED = file -> new Unsynced(new Channel(file));

    long size() throws IOException;

    /** Writes all of {@code bytes} at {@code position}, or throws having written any part of them. */
    void write(ByteBuffer bytes, long position) throws IOException;

    /** Forces written bytes and the file's length to the disk. */
    void force() throws IOException;

    void truncate(long size) throws IOException;

    /** The real file. */
    final class Channel implements JournalFile {
        private final FileChannel channel;

        Channel(Path file) throws IOException {
            this.channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ,
                    StandardOpenOption.WRITE);
        }

        @Override
        public long size() throws IOException {
            return channel.size();
        }

        @Override
        public void write(ByteBuffer bytes, long position) throws IOException {
            long at = position;
            while (bytes.hasRemaining()) {
                at += channel.write(bytes, at);
            }
        }

        @Override
        public void force() throws IOException {
            channel.force(true);
        }

        @Override
        public void truncate(long size) throws IOException {
            channel.truncate(size);
        }

        @Override
        public void close() throws IOException {
            channel.close();
        }
    }

    /** A file whose {@link #force} does nothing (see {@link #UNSYNCED}). */
    final class Unsynced implements JournalFile {
        private final JournalFile file;

        Unsynced(JournalFile file) {
            this.file = file;
        }

        @Override
        public long size() throws IOException {
            return file.size();
        }

        @Override
        public void write(ByteBuffer bytes, long position) throws IOException {
            file.write(bytes, position);
        }

        @Override
        public void force() {
        }

        @Override
        public void truncate(long size) throws IOException {
            file.truncate(size);
        }

        @Override
        public void close() throws IOException {
            file.close();
        }
    }
}
