package dev.cutover.controller.service;

import dev.cutover.controller.core.ControllerState;
import dev.cutover.controller.core.DomainError;
import dev.cutover.controller.core.DomainException;
import dev.cutover.controller.core.Event;
import dev.cutover.controller.core.ReportIntake;
import dev.cutover.controller.routelog.RouteLogException;
import dev.cutover.protocol.Report;
import dev.cutover.protocol.api.Responses;

import java.time.Clock;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * Where {@code POST /v1/reports} hands a parsed batch. Over the journal: to the controller loop, which validates,
 * numbers, stores and applies it, and answers once it is stored. With Kafka: validated against the published state
 * (its routes and observations, as the loop would) and produced to the reports topic (durable once acknowledged); the active controller applies it when it consumes
 * it, so every replica numbers reports the same way.
 */
@FunctionalInterface
public interface ReportSubmission {

    /** Completes with {@link Responses.ReportsAccepted}, or exceptionally with a {@link DomainException}. */
    CompletableFuture<Object> submit(List<Report> reports);

    static ReportSubmission toLoop(ControllerLoop loop) {
        return reports -> loop.ask(reply -> new Event.ReportsReceived(loop.clock().instant(), reports, reply));
    }

    /** Blocks while producing: call it off the event loop. {@code clock} is the loop's (hours are judged by it). */
    static ReportSubmission toTopic(Supplier<ControllerState> view, Clock clock, Consumer<List<Report>> produce) {
        return reports -> {
            List<String> problems = ReportIntake.problems(reports, view.get(), clock.instant());
            if (!problems.isEmpty()) {
                return CompletableFuture.failedFuture(
                        new DomainException(DomainError.BadRequest.of(problems)));
            }
            try {
                produce.accept(reports);
                return CompletableFuture.completedFuture(new Responses.ReportsAccepted(reports.size()));
            } catch (RouteLogException e) {
                return CompletableFuture.failedFuture(new DomainException(
                        new DomainError.Unavailable(e.getMessage())));
            }
        };
    }
}
