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

/** Where reports go: the controller ({@code POST /v1/reports}), a JSON-lines file, stdout; or several. */
@FunctionalInterface
public interface ReportSink {

    void send(Report report);

    /** The report as {@code POST /v1/reports} and the reports topic take it (with its {@code action}). */
    static String toJson(Report report) {
        return ProtocolJson.write(report);
    }

    /** One JSON object per line on {@code out}. */
    static ReportSink jsonLines(PrintStream out) {
        return r -> {
            out.println(toJson(r));
            out.flush();
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
            } catch (IOException e) {
                throw new UncheckedIOException("cannot append the report to " + file, e);
            }
        };
    }

    /**
     * Posts each report to the controller. A failed post is written to {@code errors} and dropped: the
     * controller's work lists are level-triggered, so it asks again for anything it did not hear about.
     */
    static ReportSink controller(ControllerApiClient client, PrintStream errors) {
        return r -> {
            try {
                client.report(List.of(r));
            } catch (ApiCallException e) {
                errors.println("warning: report for " + r.stream() + " " + r.hour() + " not delivered: " + e.getMessage()
                        + (e.problems().isEmpty() ? "" : " " + e.problems()));
            }
        };
    }

    static ReportSink all(List<ReportSink> sinks) {
        return r -> sinks.forEach(s -> s.send(r));
    }
}
