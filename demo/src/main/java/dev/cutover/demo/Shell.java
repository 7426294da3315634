package dev.cutover.demo;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * Runs {@code <home>/cutover COMMAND ...} as a child process (the launcher: it builds the worker on first use, or
 * never with {@code CUTOVER_NO_BUILD=1}). Logs go to a file per command under the demo's {@code logs/}; only a
 * command's stdout (its data, e.g. {@code inspect --json}) comes back to the demo.
 */
final class Shell {

    /** A finished command: its exit code, its stdout, and the log holding its stderr (and a copy of stdout). */
    record Result(int exitCode, String stdout, Path log) {
    }

    private final Path home;
    private final Path logs;
    private final PrintStream out;
    private int counter;

    Shell(Path home, Path logs, PrintStream out) {
        this.home = home;
        this.logs = logs;
        this.out = out;
    }

    /** A command running in the background (the looping worker); all its output goes to its log file. */
    static final class Background implements AutoCloseable {
        private final Process process;
        private final Path log;

        private Background(Process process, Path log) {
            this.process = process;
            this.log = log;
        }

        Path log() {
            return log;
        }

        /** Completes when the process exits. */
        CompletableFuture<Process> exited() {
            return process.onExit();
        }

        /** SIGTERM, then wait (the worker's Spark session and metastore shut down cleanly). */
        @Override
        public void close() throws InterruptedException {
            process.destroy();
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor();
            }
        }
    }

    Background start(String name, List<String> args) throws IOException {
        Path log = nextLog(name);
        Process process = new ProcessBuilder(command(args)).directory(home.toFile()).redirectErrorStream(true)
                .redirectOutput(log.toFile()).start();
        return new Background(process, log);
    }

    /** Runs a command to its end; on failure prints its last log lines. */
    Result run(String name, List<String> args) throws IOException, InterruptedException {
        Path log = nextLog(name);
        Process process = new ProcessBuilder(command(args)).directory(home.toFile())
                .redirectError(log.toFile()).start();
        String stdout;
        try (InputStream in = process.getInputStream()) {
            stdout = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        int code = process.waitFor();
        Files.writeString(log, "---- stdout ----\n" + stdout, StandardCharsets.UTF_8, StandardOpenOption.APPEND);
        if (code != 0) {
            List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
            out.println("    ! './cutover " + String.join(" ", args) + "' failed (exit " + code + "); last lines of "
                    + log + ":");
            lines.subList(Math.max(0, lines.size() - 25), lines.size()).forEach(l -> out.println("      " + l));
        }
        return new Result(code, stdout, log);
    }

    private List<String> command(List<String> args) {
        List<String> command = new ArrayList<>();
        command.add(home.resolve("cutover").toString());
        command.addAll(args);
        return command;
    }

    private Path nextLog(String name) throws IOException {
        Files.createDirectories(logs);
        return logs.resolve(String.format("%02d-%s.log", ++counter, name));
    }
}
