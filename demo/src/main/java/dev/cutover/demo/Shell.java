package dev.cutover.controller.demo;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

/**
 * Runs {@code <home>/cutover COMMAND ...} as a child process (the launcher: it builds the worker on first use,
 * or never with {@code CUTOVER_NO_BUILD=1}); the full output goes to a log file, chosen lines to the console.
 */
final class Shell {

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

    /** A command running in the background (the looping worker); its output goes to its log file. */
    final class Background implements AutoCloseable {
        private final Process process;
        private final Path log;
        private long offset;

        private Background(Process process, Path log) {
            this.process = process;
            this.log = log;
        }

        boolean alive() {
            return process.isAlive();
        }

        Path log() {
            return log;
        }

        /** Lines written to the log since the last call. */
        List<String> newLines() throws IOException {
            byte[] all = Files.readAllBytes(log);
            int end = all.length;
            while (end > offset && all[end - 1] != '\n') {
                end--;
            }
            if (end <= offset) {
                return List.of();
            }
            String text = new String(all, (int) offset, (int) (end - offset), StandardCharsets.UTF_8);
            offset = end;
            return text.lines().toList();
        }

        /** SIGTERM, then wait (the worker's Spark session and metastore shut down cleanly). */
        @Override
        public void close() throws InterruptedException {
            process.destroy();
            if (!process.waitFor(60, java.util.concurrent.TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor();
            }
        }
    }

    Background start(String name, List<String> args) throws IOException {
        Files.createDirectories(logs);
        Path log = logs.resolve(String.format("%02d-%s.log", ++counter, name));
        List<String> command = new ArrayList<>();
        command.add(home.resolve("cutover").toString());
        command.addAll(args);
        Process process = new ProcessBuilder(command).directory(home.toFile()).redirectErrorStream(true)
                .redirectOutput(log.toFile()).start();
        return new Background(process, log);
    }

    Result run(String name, List<String> args, Predicate<String> echo) throws IOException, InterruptedException {
        Files.createDirectories(logs);
        Path log = logs.resolve(String.format("%02d-%s.log", ++counter, name));
        List<String> command = new ArrayList<>();
        command.add(home.resolve("cutover").toString());
        command.addAll(args);
        ProcessBuilder builder = new ProcessBuilder(command).directory(home.toFile());
        builder.redirectError(log.toFile());
        Process process = builder.start();
        StringBuilder stdout = new StringBuilder();
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(process.getInputStream(),
                StandardCharsets.UTF_8))) {
            String line;
            while ((line = reader.readLine()) != null) {
                stdout.append(line).append('\n');
            }
        }
        int code = process.waitFor();
        List<String> errLines = Files.readAllLines(log, StandardCharsets.UTF_8);
        errLines.stream().filter(echo).forEach(l -> out.println("      " + l));
        try (PrintWriter w = new PrintWriter(Files.newBufferedWriter(log, StandardCharsets.UTF_8,
                java.nio.file.StandardOpenOption.APPEND))) {
            w.println("---- stdout ----");
            w.print(stdout);
        }
        if (code != 0) {
            out.println("    ! './cutover " + String.join(" ", args) + "' failed (exit " + code + "); last lines of "
                    + log + ":");
            errLines.subList(Math.max(0, errLines.size() - 25), errLines.size())
                    .forEach(l -> out.println("      " + l));
        }
        return new Result(code, stdout.toString(), log);
    }
}
