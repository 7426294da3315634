package dev.cutover.controller.cli;

import dev.cutover.protocol.api.ApiCallException;
import dev.cutover.protocol.api.Responses;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

/** {@code ./cutover status}: one line per managed stream. */
@Command(name = "status", mixinStandardHelpOptions = true,
        description = {"Show each stream's phase, leader, epoch, last verdicts and LATE hours.",
                "PASS*: a PASS under the plan's comparison rules (compare_rules).",
                "LATE: how many hours of the canary window the new job landed late (canary.timeliness of the plan),"
                        + " and the newest; '-' when none."})
final class StatusCommand implements Callable<Integer> {

    /** The verdict of an hour whose differences the plan's comparison rules explain. */
    private static final String UNDER_RULES = "PASS_UNDER_RULES";

    @Mixin
    HttpOptions http;

    @Override
    public Integer call() throws Exception {
        Responses.Streams streams;
        try {
            streams = http.client().streams();
        } catch (ApiCallException e) {
            throw http.explain(e);
        }
        System.out.print(render(streams.streams()));
        return 0;
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
