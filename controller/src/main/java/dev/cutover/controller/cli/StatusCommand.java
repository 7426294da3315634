package dev.cutover.controller.cli;

import dev.cutover.controller.model.Phase;
import dev.cutover.protocol.api.ApiCallException;
import dev.cutover.protocol.api.ControllerApiClient;
import dev.cutover.protocol.api.Responses;
import dev.cutover.streamconfig.Durations;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/** {@code ./cutover status}: one line per managed stream. */
@Command(name = "status", mixinStandardHelpOptions = true,
        description = {"Show each stream's phase, leader, epoch, last verdicts and LATE hours.",
                "PASS*: a PASS under the plan's comparison rules (compare_rules).",
                "LATE: how many hours of the canary window the new job landed late (canary.timeliness of the plan),"
                        + " and the newest; '-' when none.",
                "--watch redraws the table every --interval (streams per phase on top) until Ctrl-C."})
final class StatusCommand implements Callable<Integer> {

    /** The verdict of an hour whose differences the plan's comparison rules explain. */
    private static final String UNDER_RULES = "PASS_UNDER_RULES";

    /** Clears a terminal and puts the cursor top left (ANSI), before each frame of {@code --watch}. */
    static final String CLEAR = "\033[H\033[2J";

    @Mixin
    HttpOptions http;

    @Spec
    CommandSpec spec;

    @Option(names = "--watch", description = "Refresh the table every --interval until interrupted (Ctrl-C); a"
            + " controller that cannot be read is shown in the frame and asked again at the next refresh.")
    boolean watch;

    @Option(names = "--interval", defaultValue = "2s", description = "Refresh interval of --watch (default 2s).")
    String interval;

    @Option(names = "--count", defaultValue = "0", description = "With --watch: stop after this many frames (default 0:"
            + " never), e.g. for a script or a log.")
    int count;

    @Override
    public Integer call() throws Exception {
        if (watch) {
            return watch();
        }
        Responses.Streams streams;
        try {
            streams = http.client().streams();
        } catch (ApiCallException e) {
            throw http.explain(e);
        }
        System.out.print(render(streams.streams()));
        return 0;
    }

    private int watch() throws Exception {
        Duration every;
        try {
            every = Durations.parse(interval, "--interval");
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage());
        }
        if (every.isZero() || every.isNegative() || count < 0) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--interval must be positive and --count 0"
                    + " or more (got --interval " + interval + ", --count " + count + ")");
        }
        // a terminal is redrawn in place; a pipe or a log gets one frame after another
        boolean terminal = System.console() != null;
        ControllerApiClient client = http.client();
        CountDownLatch done = new CountDownLatch(count == 0 ? 1 : count);
        ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "cutover-status-watch");
            t.setDaemon(true);
            return t;
        });
        try {
            timer.scheduleWithFixedDelay(() -> {
                System.out.print((terminal ? CLEAR : "") + frame(client) + (terminal ? "" : System.lineSeparator()));
                System.out.flush();
                if (count > 0) {
                    done.countDown();
                }
            }, 0, every.toMillis(), TimeUnit.MILLISECONDS);
            done.await();
        } finally {
            timer.shutdownNow();
        }
        return 0;
    }

    /** One frame of {@code --watch}: when and where, the streams per phase, the table (or why it cannot be read). */
    private String frame(ControllerApiClient client) {
        String header = "Every " + interval + ": cutover status of " + http.url + " at "
                + Instant.now().truncatedTo(ChronoUnit.SECONDS) + System.lineSeparator();
        try {
            List<Responses.StreamSummary> streams = client.streams().streams();
            return header + phases(streams) + System.lineSeparator() + render(streams);
        } catch (ApiCallException e) {
            return header + http.explain(e).getMessage() + System.lineSeparator() + "(asked again in "
                    + interval + ")" + System.lineSeparator();
        } catch (RuntimeException e) {
            return header + "cannot read the controller: " + e + System.lineSeparator();
        }
    }

    /** {@code 244 streams: SHADOW 240, CUTOVER 3, BLOCKED 1}, phases in their lifecycle order. */
    static String phases(List<Responses.StreamSummary> streams) {
        Map<String, Integer> counts = new LinkedHashMap<>();
        for (Phase phase : Phase.values()) {
            counts.put(phase.name(), 0);
        }
        streams.forEach(s -> counts.merge(s.phase(), 1, Integer::sum));
        List<String> parts = new ArrayList<>();
        counts.forEach((phase, n) -> {
            if (n > 0) {
                parts.add(phase + " " + n);
            }
        });
        return streams.size() + " stream" + (streams.size() == 1 ? "" : "s") + (parts.isEmpty() ? "" : ": "
                + String.join(", ", parts));
    }

    /**
     * The status table; an hour that passed under the plan's comparison rules shows as {@code PASS*}, explained below
     * the table, so it is never mistaken for an exact PASS.
     */
    static String render(List<Responses.StreamSummary> streams) {
        List<String[]> rows = new ArrayList<>();
        rows.add(new String[] {"STREAM", "PHASE", "LEADER", "EPOCH", "CUTOVER", "LAST VERDICTS", "LATE", "PROBLEMS"});
        boolean underRules = false;
        for (Responses.StreamSummary s : streams) {
            List<String> verdicts = new ArrayList<>();
            for (String v : s.lastVerdicts()) {
                String shown = v.replaceFirst("^\\S+T(\\d\\d) ", "$1h:");
                if (shown.endsWith(":" + UNDER_RULES)) {
                    shown = shown.substring(0, shown.length() - UNDER_RULES.length()) + "PASS*";
                    underRules = true;
                }
                verdicts.add(shown);
            }
            rows.add(new String[] {s.stream(), s.phase(), s.leader(), Long.toString(s.epoch()),
                    s.cutoverHour() == null ? "-" : s.cutoverHour().toString(),
                    verdicts.isEmpty() ? "-" : String.join(" ", verdicts), late(s),
                    s.problems().isEmpty() ? "" : s.problems().get(0)});
        }
        String table = Table.render(rows);
        return underRules ? table + "* PASS under the plan's comparison rules (compare_rules): the difference was"
                + " expected; GET /v1/streams/STREAM shows which rules applied and what they hid" + System.lineSeparator()
                : table;
    }

    /**
     * {@code -}, or the number of LATE hours in the canary window and the newest, e.g.
     * {@code 2 (last 2026-11-22T07)}.
     */
    static String late(Responses.StreamSummary s) {
        return s.lateHours().isEmpty() ? "-"
                : s.lateHours().size() + " (last " + s.lateHours().get(s.lateHours().size() - 1) + ")";
    }
}
