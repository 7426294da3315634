package dev.cutover.controller.service;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** {@code ControllerMain controller ...} in a child JVM (the module's classes and its runtime classpath). */
public final class ControllerProcess implements AutoCloseable {

    private static final Pattern LISTENING = Pattern.compile("listening on (http://\\S+)");

    private final Process process;
    private final String url;
    private final StringBuilder output = new StringBuilder();

    private ControllerProcess(Process process, String url) {
        this.process = process;
        this.url = url;
    }

    public static ControllerProcess start(List<String> args) throws IOException, InterruptedException,
            java.util.concurrent.ExecutionException, java.util.concurrent.TimeoutException {
        List<String> command = command(args);
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        BufferedReader reader = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
        StringBuilder seen = new StringBuilder();
        CompletableFuture<String> url = CompletableFuture.supplyAsync(() -> {
            try {
                String line;
                while ((line = reader.readLine()) != null) {
                    seen.append(line).append('\n');
                    Matcher m = LISTENING.matcher(line);
                    if (m.find()) {
                        return m.group(1);
                    }
                }
                throw new IllegalStateException("controller exited before listening:\n" + seen);
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        });
        String base = url.get(60, TimeUnit.SECONDS);
        ControllerProcess child = new ControllerProcess(process, base);
        CompletableFuture.runAsync(() -> reader.lines().forEach(l -> child.output.append(l).append('\n')));
        return child;
    }

    /** What a controller process that exited by itself printed, and its exit code. */
    public record Exited(int code, String output) {
    }

    /** Runs a controller that is expected to exit by itself (e.g. refusing to start), waiting up to 60 s. */
    public static Exited runToExit(List<String> args) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(command(args)).redirectErrorStream(true).start();
        CompletableFuture<String> output = CompletableFuture.supplyAsync(() -> {
            try {
                return new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        });
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new IllegalStateException("the controller did not exit within 60 s:\n" + output.getNow(""));
        }
        return new Exited(process.exitValue(), output.join());
    }

    private static List<String> command(List<String> args) {
        Path build = buildDirectory();
        Path classpathFile = build.resolve("classpath.txt");
        if (!Files.exists(classpathFile)) {
            throw new IllegalStateException(classpathFile.toAbsolutePath() + " is missing: run 'mvn package' (the"
                    + " failsafe phase runs after it)");
        }
        String classpath;
        try {
            classpath = build.resolve("classes").toAbsolutePath() + java.io.File.pathSeparator
                    + Files.readString(classpathFile).trim();
        } catch (IOException e) {
            throw new IllegalStateException("cannot read " + classpathFile + ": " + e.getMessage(), e);
        }
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java")
                .toString(), "-cp", classpath, "dev.cutover.controller.cli.ControllerMain", "controller"));
        command.addAll(args);
        return command;
    }

    /** The module's build folder (target, or another one with -Dcutover.target): where the test classes are. */
    private static Path buildDirectory() {
        try {
            return Path.of(ControllerProcess.class.getProtectionDomain().getCodeSource().getLocation().toURI())
                    .getParent();
        } catch (java.net.URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    public String url() {
        return url;
    }

    public long pid() {
        return process.pid();
    }

    /** SIGKILL: no shutdown hook, no flush; only what was fsynced survives. */
    public void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor(30, TimeUnit.SECONDS);
    }

    /** What the process printed so far (for failure messages). */
    public String output() {
        return output.toString();
    }

    @Override
    public void close() throws InterruptedException {
        if (process.isAlive()) {
            process.destroy();
            if (!process.waitFor(20, TimeUnit.SECONDS)) {
                kill();
            }
        }
    }
}
