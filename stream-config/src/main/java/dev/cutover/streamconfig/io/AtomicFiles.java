package dev.cutover.streamconfig.io;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;

/**
 * Replaces a file so that readers see either the old or the new content, never a part: the bytes go to a
 * temporary file in the same directory, are fsynced, renamed over the target with ATOMIC_MOVE, and the
 * directory is fsynced so the rename survives a crash. The new file keeps the old one's permissions (rw-r--r--
 * when there was none), so writing never makes a shared file owner-only.
 */
public final class AtomicFiles {

    private static final Set<PosixFilePermission> NEW_FILE_PERMISSIONS = PosixFilePermissions.fromString("rw-r--r--");

    private AtomicFiles() {
    }

    public static void write(Path target, byte[] content) throws IOException {
        Path absolute = target.toAbsolutePath();
        Path directory = absolute.getParent();
        Files.createDirectories(directory);
        Path temp = Files.createTempFile(directory, "." + absolute.getFileName() + ".", ".tmp");
        try {
            try (FileChannel channel = FileChannel.open(temp, StandardOpenOption.WRITE,
                    StandardOpenOption.TRUNCATE_EXISTING)) {
                ByteBuffer buffer = ByteBuffer.wrap(content);
                while (buffer.hasRemaining()) {
                    channel.write(buffer);
                }
                channel.force(true);
            }
            copyAccess(absolute, temp);
            try {
                Files.move(temp, absolute, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                throw new IOException("cannot replace " + absolute + " atomically (the file system does not support"
                        + " atomic renames); put it on a local file system", e);
            }
        } finally {
            Files.deleteIfExists(temp);
        }
        syncDirectory(directory);
    }

    /**
     * Gives the temporary file (created owner-only) the permissions of the file it replaces, or rw-r--r-- for a new
     * file, so that a file shared by several users (the override layer) stays usable after a write. The group is
     * kept too where the writer may set it. No-op where POSIX permissions are not supported.
     */
    private static void copyAccess(Path target, Path temp) throws IOException {
        PosixFileAttributeView tempView = Files.getFileAttributeView(temp, PosixFileAttributeView.class);
        if (tempView == null) {
            return;
        }
        PosixFileAttributes existing;
        try {
            existing = Files.readAttributes(target, PosixFileAttributes.class);
        } catch (NoSuchFileException e) {
            tempView.setPermissions(NEW_FILE_PERMISSIONS);
            return;
        }
        tempView.setPermissions(existing.permissions());
        try {
            tempView.setGroup(existing.group());
        } catch (IOException e) {
            // Not a member of the file's group: the file gets the writer's group, with the same permissions.
        }
    }

    private static void syncDirectory(Path directory) {
        try (FileChannel channel = FileChannel.open(directory, StandardOpenOption.READ)) {
            channel.force(true);
        } catch (IOException e) {
            // Some platforms cannot open or sync a directory; the rename itself is still atomic.
        }
    }
}
