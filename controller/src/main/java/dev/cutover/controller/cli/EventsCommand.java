package dev.cutover.controller.cli;

import dev.cutover.protocol.AuditEvent;
import dev.cutover.protocol.api.ApiCallException;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.util.concurrent.Callable;

/** {@code ./cutover events}: the audit log. */
@Command(name = "events", mixinStandardHelpOptions = true,
        description = "Print the audit log: who did what to which stream, why, when, at which config revision.")
final class EventsCommand implements Callable<Integer> {

    @Mixin
    HttpOptions http;

    @Option(names = "--since", defaultValue = "0", description = "Only events after this sequence number.")
    long since;

    @Option(names = "--stream", description = "Only this stream's events.")
    String stream;

    @Override
    public Integer call() throws Exception {
        List<AuditEvent> events;
        try {
            events = http.client().events(since, 10_000).events();
        } catch (ApiCallException e) {
            throw http.explain(e);
        }
        for (AuditEvent e : events) {
            if (stream != null && !stream.equals(e.stream())) {
                continue;
            }
            System.out.printf("#%d %s %s [%s] %s%n    why: %s (config %s)%n", e.seq(), e.at(),
                    e.subject().orElse("(controller)"), e.who(), e.what(), e.why(),
                    e.configRevision() == null ? "-" : e.configRevision());
        }
        return 0;
    }
}
