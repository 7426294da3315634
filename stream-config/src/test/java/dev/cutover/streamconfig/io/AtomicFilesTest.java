package dev.cutover.streamconfig.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AtomicFilesTest {

    @TempDir
    Path dir;

    @BeforeEach
    void needsPosixPermissions() {
        assumeTrue(FileSystems.getDefault().supportedFileAttributeViews().contains("posix"),
                "the file system has no POSIX permissions");
    }

    private static byte[] text(String value) {
        return value.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void keepsTheReplacedFilesPermissions() throws Exception {
        Path shared = dir.resolve("overrides.json");
        Files.write(shared, text("old"));
        Files.setPosixFilePermissions(shared, PosixFilePermissions.fromString("rw-rw-r--"));

        AtomicFiles.write(shared, text("new"));

        assertThat(Files.readString(shared)).isEqualTo("new");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(shared))).isEqualTo("rw-rw-r--");
    }

    @Test
    void makesANewFileReadableByAll() throws Exception {
        Path fresh = dir.resolve("sub/last-known-good.json");

        AtomicFiles.write(fresh, text("first"));

        assertThat(Files.readString(fresh)).isEqualTo("first");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(fresh))).isEqualTo("rw-r--r--");
    }

    @Test
    void leavesNoTemporaryFileBehind() throws Exception {
        Path target = dir.resolve("state.json");

        AtomicFiles.write(target, text("one"));
        AtomicFiles.write(target, text("two"));

        try (var files = Files.list(dir)) {
            assertThat(files.map(p -> p.getFileName().toString())).containsExactly("state.json");
        }
    }
}
