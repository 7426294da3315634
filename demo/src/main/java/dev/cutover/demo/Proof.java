package dev.cutover.demo;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.cutover.controller.core.ControllerState;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Step 7: every partition read back from the warehouse ({@code ./cutover inspect --json}, whose stdout is only the
 * JSON array) and checked against the controller's routes ({@link InvariantCheck}: I1-I3).
 */
final class Proof {

    private static final List<String> DATABASES = List.of("event", "event_airflow", "event_systemd");
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Shell shell;
    private final WorkerCommands worker;
    private final DemoPaths paths;
    private final Narrator narrator;

    Proof(Shell shell, WorkerCommands worker, DemoPaths paths, Narrator narrator) {
        this.shell = shell;
        this.worker = worker;
        this.paths = paths;
        this.narrator = narrator;
    }

    /** Prints the proof table and every violation; returns the exit code (0: I1-I3 hold for every partition). */
    int run(ControllerState state) throws IOException, InterruptedException {
        narrator.step("7. Proof: every production partition, read back from the warehouse (./cutover inspect)");
        List<Partition> partitions = new ArrayList<>();
        for (String db : DATABASES) {
            Shell.Result r = shell.run("inspect-" + db, worker.inspect(db));
            if (r.exitCode() != 0) {
                return 1;
            }
            try {
                partitions.addAll(JSON.readValue(r.stdout(), new TypeReference<List<Partition>>() { }));
            } catch (IOException e) {
                narrator.out().println("    ! './cutover inspect --database " + db + " --json' did not print a JSON"
                        + " array of partitions (" + e.getMessage() + "); its output is in " + r.log());
                return 1;
            }
        }
        List<InvariantCheck.Row> rows = InvariantCheck.check(state.states(), partitions,
                RawHours.complete(paths.raw()), state.settings());
        List<String[]> table = new ArrayList<>();
        table.add(new String[] {"STREAM", "HOUR", "DC", "WRITTEN BY", "EPOCH", "HOW", "LEADER (ROUTES)", "I1", "I2",
                "I3"});
        for (InvariantCheck.Row row : rows) {
            table.add(new String[] {row.stream(), row.hour(), row.datacenter() == null ? "-" : row.datacenter(),
                    row.writer(), row.epoch(), row.how(), row.leader() + " >= e" + row.minEpoch(), mark(row.i1()),
                    mark(row.i2()), mark(row.i3())});
        }
        narrator.table(table);
        for (InvariantCheck.Row row : rows) {
            for (String problem : row.problems()) {
                narrator.out().println("    ! " + row.stream() + " " + row.hour() + (row.datacenter() == null ? ""
                        : " " + row.datacenter()) + ": " + problem);
            }
        }
        boolean ok = InvariantCheck.allOk(rows);
        long bad = rows.stream().filter(r -> !r.ok()).count();
        narrator.out().println(ok ? "  I1-I3: OK for all " + rows.size() + " production partitions of "
                + InvariantCheck.streams(rows).size() + " streams"
                : "  I1-I3: VIOLATED for " + bad + " of " + rows.size() + " production partitions");
        return ok ? 0 : 1;
    }

    private static String mark(boolean ok) {
        return ok ? "ok" : "FAIL";
    }
}
