package dev.cutover.controller.routelog;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;

/**
 * Journal files whose next write can be made to fail after part of its bytes (a disk that fills up mid-record), and
 * whose truncation can be made to fail too. Everything else goes to the real file.
 */
final class FailingJournalFiles implements JournalFile.Opener {

    private int failAfter = -1;
    private boolean failTruncate;

    /** The next write stores {@code bytes} bytes and then fails with "No space left on device". */
    FailingJournalFiles failNextWriteAfter(int bytes) {
        this.failAfter = bytes;
        return this;
    }

    /** Every truncation fails from now on. */
    FailingJournalFiles failTruncation() {
        this.failTruncate = true;
        return this;
    }

    @Override
    public JournalFile open(Path file) throws IOException {
        JournalFile real = JournalFile.CHANNEL.open(file);
        return new JournalFile() {
            @Override
            public long size() throws IOException {
                return real.size();
            }

            @Override
            public void write(ByteBuffer bytes, long position) throws IOException {
                if (failAfter < 0) {
                    real.write(bytes, position);
                    return;
                }
                int stored = Math.min(failAfter, bytes.remaining());
                failAfter = -1;
                ByteBuffer part = bytes.duplicate();
                part.limit(part.position() + stored);
                real.write(part, position);
                throw new IOException("No space left on device");
            }

            @Override
            public void force() throws IOException {
                real.force();
            }

            @Override
            public void truncate(long size) throws IOException {
                if (failTruncate) {
                    throw new IOException("Input/output error");
                }
                real.truncate(size);
            }

            @Override
            public void close() throws IOException {
                real.close();
            }
        };
    }
}
