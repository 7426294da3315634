package dev.cutover.worker.report;

import dev.cutover.protocol.ProtocolJson;
import dev.cutover.protocol.Report;
import dev.cutover.protocol.api.ApiCallException;
import dev.cutover.protocol.api.ControllerApiClient;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;

/**
 * Where reports go: the controller ({@code POST /v1/reports}), a JSON-lines file, stdout; or several. A sink says
 * whether a report arrived, so that a caller never treats an hour as reported when it was not.
 */
@FunctionalInterface
public interface ReportSink {

    /**
     * Sends one report.
     *
     * @return whether it was delivered (a sink that cannot deliver it says so here, or throws)
     */
    boolean send(Report report);

    /** The report as {@code POST /v1/reports} and the reports topic take it (with its {@code action}). */
    static String toJson(Report report) {
        return ProtocolJson.write(report);
    }

    /** One JSON object per line on {@code out}. */
    static ReportSink jsonLines(PrintStream out) {
        return r -> {
            out.println(toJson(r));
            out.flush();
            return !out.checkError();
        };
    }

    /** Appends one JSON object per line to {@code file} (created when missing). */
    static ReportSink file(Path file) {
        return r -> {
            try {
                if (file.getParent() != null) {
                    Files.createDirectories(file.getParent());
                }
                Files.writeString(file, toJson(r) + "\n", StandardCharsets.UTF_8, StandardOpenOption.CREATE,
                        StandardOpenOption.APPEND);
                return true;
            } catch (IOException e) {
                throw new UncheckedIOException("cannot append the report to " + file, e);
            }
        };
    }

    /**
     * Posts each report to the controller. A failed post is written to {@code errors} and answered "not delivered":
     * the caller keeps the hour due (the controller's work lists are level-triggered, so a report sent again is
     * harmless).
     */
    static ReportSink controller(ControllerApiClient client, PrintStream errors) {
        return r -> {
            try {
                client.report(List.of(r));
                return true;
            } catch (ApiCallException e) {
                errors.println("warning: report for " + r.stream() + " " + r.hour() + " not delivered: " + e.getMessage()
                        + (e.problems().isEmpty() ? "" : " " + e.problems()));
                return false;
            }
        };
    }

    /** Sends each report to every sink (all of them, even after one failed); delivered when every sink delivered it. */
    static ReportSink all(List<ReportSink> sinks) {
        return r -> {
            boolean delivered = true;
            for (ReportSink sink : sinks) {
                delivered &= sink.send(r);
            }
            return delivered;
        };
    }
}
