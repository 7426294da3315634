package dev.cutover.worker.table;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.cutover.protocol.Hour;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The check-then-act race of the failure model, with two worker <b>processes</b> ({@link RaceWorker}, each with its
 * own Spark session and the real {@link PartitionCommitter}) against one Hive metastore served over Thrift (the
 * {@code HiveMetaStore} server of the Hive jars Spark brings, Derby-backed, in a child JVM on a free port): the
 * remote-metastore deployment path. Worker A writes an hour under epoch 1 and pauses after its epoch re-check passed;
 * worker B, the leader of epoch 2, commits the same hour; A resumes. A never replaces B's partition (I1).
 */
class FencedCommitRaceIT {

    private static final Duration START = Duration.ofMinutes(3);
    private static final Duration STEP = Duration.ofMinutes(2);

    private static Path root;
    private static Process metastore;
    private static Worker a;
    private static Worker b;

    @BeforeAll
    static void start() throws Exception {
        root = Files.createTempDirectory(Path.of(System.getProperty("java.io.tmpdir")), "race-");
        Path warehouse = Files.createDirectories(root.resolve("warehouse"));
        int port = freePort();
        metastore = startMetastore(port, warehouse);
        // the workers' Spark sessions start while the metastore does: they reach it only at their first catalog call
        String uri = "thrift://127.0.0.1:" + port;
        a = new Worker("a", uri, warehouse);
        b = new Worker("b", uri, warehouse);
        awaitListening(metastore, port);
        a.expect("@started", START);
        b.expect("@started", START);
        a.send("setup " + warehouse);
        a.expect("@ready", STEP);
        b.send("setup " + warehouse); // B's metastore client is up before the race starts
        b.expect("@ready", STEP);
    }

    @AfterAll
    static void stop() throws Exception {
        for (Worker w : new Worker[] {a, b}) {
            if (w != null) {
                w.stop();
            }
        }
        if (metastore != null) {
            metastore.destroy();
            if (!metastore.waitFor(30, TimeUnit.SECONDS)) {
                metastore.destroyForcibly().waitFor();
            }
        }
    }

    @Test
    void aWriterPausedAfterItsEpochCheckDoesNotReplaceThePartitionTheNewEpochCommitted() {
        Hour hour = Hour.parse("2026-11-22T10");
        a.send("commit " + hour + " legacy 1 600000 - fence a1 a2");
        a.expect("@paused fence", STEP);

        b.send("commit " + hour + " airflow 2 600000 - none b1");
        assertThat(b.expect("@committed", STEP)).isNotEmpty();
        a.send("resume");

        assertThat(a.expect("@aborted", STEP)).contains("committed under epoch 2 (job airflow")
                .contains("newer than this commit's epoch 1").contains("nothing was replaced");
        assertThat(b.read(hour)).as("I1: the hour is the epoch-2 leader's")
                .containsExactly("@partition 2 airflow", "@rows b1");
    }

    /**
     * The hour holds A's earlier commit (epoch 1). A commits it again, reads the hour's partitions right before its
     * switch, finds nothing newer, and pauses: the recorded epoch check alone is check-then-act too. The new
     * leader's commit waits until A's lease (4 s here) and the margin (2 s) have passed; when A resumes its lease
     * has ended, so it writes nothing (its alter would replace B's partition).
     */
    @Test
    void theNewLeaderWaitsOutTheOlderLeaseAndTheOlderWriterMakesNoCallAfterItsLeaseEnded() {
        Hour hour = Hour.parse("2026-11-22T11");
        a.send("commit " + hour + " legacy 1 600000 - none a0");
        a.expect("@committed", STEP);
        a.send("commit " + hour + " legacy 1 4000 - read a1");
        a.expect("@paused read", STEP);
        Instant published = Instant.now(); // epoch 2 is published after A confirmed epoch 1
        Instant notBefore = published.plusSeconds(4).plusSeconds(2);

        List<String> attempts = new ArrayList<>();
        await().atMost(STEP).pollDelay(Duration.ZERO).pollInterval(Duration.ofMillis(500)).until(() -> {
            b.send("commit " + hour + " airflow 2 4000 " + notBefore + " none b1");
            String answer = b.expectAny(STEP, "@committed", "@aborted");
            attempts.add(answer);
            return answer.startsWith("@committed");
        });
        assertThat(attempts.get(0)).as("B's first attempt comes before the older lease can have ended")
                .startsWith("@aborted waiting for older writers' leases on race.events " + hour);
        a.send("resume");

        assertThat(a.expect("@aborted", STEP)).contains("the write lease of epoch 1 on race.events " + hour
                + " ended");
        assertThat(b.read(hour)).as("I1: the hour is the epoch-2 leader's")
                .containsExactly("@partition 2 airflow", "@rows b1");
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    /** The module's test classpath, as a child JVM's {@code -cp} (failsafe's may be a manifest-only jar: it works). */
    private static String classpath(Path... first) {
        List<String> parts = new ArrayList<>();
        for (Path p : first) {
            parts.add(p.toString());
        }
        parts.add(System.getProperty("java.class.path"));
        return String.join(java.io.File.pathSeparator, parts);
    }

    /** The {@code --add-opens} (and reflection) options this JVM runs with: Spark and Hive on Java 17 need them. */
    private static List<String> jvmOptions() {
        return ManagementFactory.getRuntimeMXBean().getInputArguments().stream()
                .filter(o -> o.startsWith("--add-opens") || o.startsWith("-Djdk.reflect")).toList();
    }

    private static Process startMetastore(int port, Path warehouse) throws Exception {
        Path conf = Files.createDirectories(root.resolve("metastore-conf"));
        Files.writeString(conf.resolve("hive-site.xml"), """
                <?xml version="1.0"?>
                <configuration>
                  <property><name>javax.jdo.option.ConnectionURL</name>
                    <value>jdbc:derby:;databaseName=%s;create=true</value></property>
                  <property><name>datanucleus.schema.autoCreateAll</name><value>true</value></property>
                  <property><name>hive.metastore.schema.verification</name><value>false</value></property>
                  <property><name>hive.async.log.enabled</name><value>false</value></property>
                  <property><name>hive.metastore.warehouse.dir</name><value>%s</value></property>
                  <property><name>hive.metastore.disallow.incompatible.col.type.changes</name><value>false</value></property>
                </configuration>
                """.formatted(root.resolve("metastore_db"), warehouse.toUri()));
        List<String> command = new ArrayList<>(List.of(javaBin(), "-Xmx512m", "-XX:TieredStopAtLevel=1",
                "-XX:+UseSerialGC",
                "-Djava.io.tmpdir=" + System.getProperty("java.io.tmpdir"),
                "-Dderby.stream.error.file=" + root.resolve("derby.log")));
        command.addAll(jvmOptions());
        command.addAll(List.of("-cp", classpath(conf), "org.apache.hadoop.hive.metastore.HiveMetaStore",
                "-p", Integer.toString(port)));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(root.resolve("metastore.log").toFile());
        builder.environment().put("HIVE_CONF_DIR", conf.toString());
        return builder.start();
    }

    private static void awaitListening(Process process, int port) {
        try {
            await().atMost(START).pollInterval(Duration.ofMillis(250)).until(() -> {
                if (!process.isAlive()) {
                    throw new IllegalStateException("the Thrift metastore exited with " + process.exitValue()
                            + " before listening on port " + port + "; see " + root.resolve("metastore.log"));
                }
                return answers(port);
            });
        } catch (RuntimeException e) {
            process.destroyForcibly();
            throw new IllegalStateException("the Thrift metastore does not answer on port " + port + ": "
                    + e.getMessage() + "; its log: " + tail(root.resolve("metastore.log")), e);
        }
    }

    private static boolean answers(int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 200);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private static String javaBin() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    private static String tail(Path log) {
        try {
            List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
        } catch (IOException e) {
            return "(cannot read " + log + ": " + e.getMessage() + ")";
        }
    }

    /** One {@link RaceWorker} child JVM: commands on its stdin, its {@code @} answers read from its stdout. */
    private static final class Worker {
        private final String name;
        private final Process process;
        private final PrintStream in;
        private final BlockingQueue<String> answers = new LinkedBlockingQueue<>();
        private final Path log;

        Worker(String name, String uri, Path warehouse) throws IOException {
            this.name = name;
            this.log = root.resolve("worker-" + name + ".log");
            List<String> command = new ArrayList<>(List.of(javaBin(), "-Xmx1g", "-XX:TieredStopAtLevel=1",
                    "-XX:+UseSerialGC",
                    "-Djava.io.tmpdir=" + System.getProperty("java.io.tmpdir")));
            command.addAll(jvmOptions());
            command.addAll(List.of("-cp", classpath(), RaceWorker.class.getName(), name, uri, warehouse.toString(),
                    root.resolve("state-" + name).toString()));
            process = new ProcessBuilder(command).redirectError(log.toFile()).start();
            in = new PrintStream(process.getOutputStream(), true, StandardCharsets.UTF_8);
            Thread reader = new Thread(this::readAnswers, "race-worker-" + name);
            reader.setDaemon(true);
            reader.start();
        }

        private void readAnswers() {
            try (BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(),
                    StandardCharsets.UTF_8))) {
                for (String line = out.readLine(); line != null; line = out.readLine()) {
                    if (line.startsWith("@")) {
                        answers.add(line);
                    }
                }
            } catch (IOException e) {
                answers.add("@failed cannot read worker " + name + ": " + e.getMessage());
            }
        }

        void send(String command) {
            in.println(command);
        }

        /** The next answer, which must start with {@code prefix}. */
        String expect(String prefix, Duration within) {
            String answer = expectAny(within, prefix);
            assertThat(answer).as("worker %s answered", name).startsWith(prefix);
            return answer.substring(prefix.length()).trim();
        }

        /** The next answer, which must start with one of {@code prefixes}. */
        String expectAny(Duration within, String... prefixes) {
            String answer;
            try {
                answer = answers.poll(within.toMillis(), TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted waiting for worker " + name, e);
            }
            if (answer == null) {
                throw new AssertionError("worker " + name + " gave no answer within " + within + " (alive: "
                        + process.isAlive() + "); its log: " + tail(log));
            }
            for (String prefix : prefixes) {
                if (answer.startsWith(prefix)) {
                    return answer;
                }
            }
            throw new AssertionError("worker " + name + " answered '" + answer + "', expected " + List.of(prefixes)
                    + "; its log: " + tail(log));
        }

        /** The hour's partitions (epoch and job) and its rows, as this worker reads them now. */
        List<String> read(Hour hour) {
            send("read " + hour);
            List<String> lines = new ArrayList<>();
            for (String answer = expectAny(STEP, "@partition", "@rows", "@end"); !answer.equals("@end");
                 answer = expectAny(STEP, "@partition", "@rows", "@end")) {
                String[] words = answer.split(" ");
                lines.add(answer.startsWith("@partition") ? words[0] + " " + words[1] + " " + words[2] : answer);
            }
            return lines;
        }

        void stop() throws InterruptedException {
            in.println("exit");
            in.close();
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor();
            }
        }
    }

}
