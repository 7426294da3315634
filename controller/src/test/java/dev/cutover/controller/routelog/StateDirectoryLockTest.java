package dev.cutover.controller.routelog;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class StateDirectoryLockTest {

    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-23T10:00:00Z"), ZoneOffset.UTC);

    @TempDir
    Path dir;

    @Test
    void theLockFileSaysWhoHoldsItAndWhereItListens() throws IOException {
        try (StateDirectoryLock lock = StateDirectoryLock.acquire(dir, "controller", CLOCK)) {
            lock.describe("listening on http://127.0.0.1:8642");
            assertThat(Files.readString(dir.resolve(StateDirectoryLock.FILE_NAME)))
                    .contains("pid " + ProcessHandle.current().pid()).contains("controller")
                    .contains("since 2026-11-23T10:00:00Z").contains("listening on http://127.0.0.1:8642");
        }
    }

    @Test
    void aSecondLockInTheSameProcessIsRefusedNamingTheHolderAndTheDirectory() throws IOException {
        try (StateDirectoryLock lock = StateDirectoryLock.acquire(dir, "controller", CLOCK)) {
            lock.describe("listening on http://127.0.0.1:8642");
            assertThatThrownBy(() -> StateDirectoryLock.acquire(dir.resolve("."), "journal repair", CLOCK))
                    .isInstanceOf(StateDirectoryInUseException.class)
                    .hasMessageContaining(dir.toRealPath().toString())
                    .hasMessageContaining("pid " + ProcessHandle.current().pid())
                    .hasMessageContaining("listening on http://127.0.0.1:8642")
                    .hasMessageContaining("--state-dir");
        }
    }

    @Test
    void aReleasedLockCanBeTakenAgain() {
        StateDirectoryLock first = StateDirectoryLock.acquire(dir, "controller", CLOCK);
        first.close();
        first.close();
        try (StateDirectoryLock again = StateDirectoryLock.acquire(dir, "controller", CLOCK)) {
            assertThat(again.directory()).isEqualTo(first.directory());
        }
    }
}
