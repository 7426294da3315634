package dev.cutover.worker.report;

import dev.cutover.protocol.CopyReport;
import dev.cutover.protocol.RefineReport;
import dev.cutover.protocol.Report;
import java.io.PrintStream;
import java.time.Clock;

/** One stderr line per finished hour: done/total, the outcome and the events per second so far. */
public final class Progress {

    private final PrintStream out;
    private final Clock clock;
    private final String label;
    private final int total;
    private final long started;
    private int done;
    private long rows;

    public Progress(PrintStream out, Clock clock, String label, int total) {
        this.out = out;
        this.clock = clock;
        this.label = label;
        this.total = total;
        this.started = clock.millis();
    }

    public void hourDone(Report r) {
        done++;
        Long hourRows = r instanceof RefineReport refine ? refine.rows()
                : r instanceof CopyReport copy ? copy.rows() : null;
        rows += hourRows == null ? 0 : hourRows;
        long elapsed = Math.max(1, clock.millis() - started);
        out.printf("%s: %d/%d hours, %s %s %s%s%s, %,.0f events/s%n", label, done, total, r.stream(), r.hour(),
                r instanceof CopyReport copy ? "copy from " + copy.from() + " " : "", r.status(),
                hourRows == null ? "" : " rows=" + hourRows, rows * 1000.0 / elapsed);
        if (r.error() != null) {
            out.println("  " + r.error());
        }
        out.flush();
    }
}
