package dev.cutover.simulation;

import java.io.PrintStream;
import java.util.Locale;

/** A one-line progress bar, redrawn with a carriage return (for a terminal only). */
final class Progress {

    private Progress() {
    }

    static void print(PrintStream out, int hoursDone, int hours, int streams, long startedNanos) {
        int width = 30;
        int filled = (int) ((long) width * hoursDone / hours);
        double seconds = Math.max(1e-9, (System.nanoTime() - startedNanos) / 1e9);
        out.print(String.format(Locale.ROOT, "\r[%s%s] hour %d/%d  %.0f stream-hours/s ", "#".repeat(filled),
                " ".repeat(width - filled), hoursDone, hours, (double) hoursDone * streams / seconds));
        if (hoursDone == hours) {
            out.print("\r" + " ".repeat(width + 60) + "\r");
        }
        out.flush();
    }
}
