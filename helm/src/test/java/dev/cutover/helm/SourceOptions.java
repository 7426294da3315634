package dev.cutover.helm;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * What the programs really accept, read from their sources in this repository (the charts must not invent
 * options or variables): picocli option names ({@code names = "--x"}) and environment variables
 * ({@code ${env:CUTOVER_X}}). Read from source so the helm module needs no build of the others.
 */
final class SourceOptions {

    private static final Pattern OPTION = Pattern.compile("\"(--[a-z][a-z0-9-]*)\"");
    private static final Pattern ENV = Pattern.compile("\\$\\{env:(CUTOVER_[A-Z0-9_]+)");
    private static final Pattern GETENV = Pattern.compile("getenv\\(\"(CUTOVER_[A-Z0-9_]+)\"\\)");
    private static final Pattern KAFKA_OPTION = Pattern.compile("\"(kafka-[a-z-]+)\"");

    private SourceOptions() {
    }

    static Path repo() {
        return Path.of(System.getProperty("basedir", ".")).toAbsolutePath().normalize().getParent();
    }

    /** Every option name declared by the worker's picocli commands and mixins. */
    static Set<String> workerOptions() {
        return matches(repo().resolve("refine-worker/src/main/java/dev/cutover/worker/cli"), OPTION);
    }

    /** Every environment variable the worker's commands read: options' {@code ${env:...}} defaults and getenv. */
    static Set<String> workerEnv() {
        Path cli = repo().resolve("refine-worker/src/main/java/dev/cutover/worker/cli");
        Set<String> env = matches(cli, ENV);
        env.addAll(matches(cli, GETENV));
        return env;
    }

    /**
     * Every environment variable the controller service reads: its flags' {@code ${env:...}} defaults, and the
     * Kafka settings ({@code kafka-routes-topic} -> {@code CUTOVER_KAFKA_ROUTES_TOPIC}).
     */
    static Set<String> controllerEnv() {
        Path controller = repo().resolve("controller/src/main/java/dev/cutover/controller");
        Set<String> env = matches(controller.resolve("cli"), ENV);
        matches(controller.resolve("kafka"), KAFKA_OPTION)
                .forEach(o -> env.add("CUTOVER_" + o.toUpperCase(java.util.Locale.ROOT).replace('-', '_')));
        return env;
    }

    private static Set<String> matches(Path dir, Pattern pattern) {
        Set<String> found = new TreeSet<>();
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".java")).toList()) {
                Matcher m = pattern.matcher(Files.readString(file));
                while (m.find()) {
                    found.add(m.group(1));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the sources under " + dir, e);
        }
        if (found.isEmpty()) {
            throw new AssertionError("found nothing matching " + pattern + " under " + dir);
        }
        return found;
    }
}
