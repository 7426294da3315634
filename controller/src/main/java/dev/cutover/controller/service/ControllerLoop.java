package dev.cutover.controller.service;

import dev.cutover.controller.core.Controller;
import dev.cutover.controller.core.ControllerState;
import dev.cutover.controller.core.DomainError;
import dev.cutover.controller.core.DomainException;
import dev.cutover.controller.core.Event;
import dev.cutover.controller.core.Reconciliation;
import dev.cutover.controller.core.Reply;
import dev.cutover.controller.core.Role;
import dev.cutover.controller.core.Step;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * The controller's one thread: takes events (from the API, the poller, the Kafka control plane) in order, and
 * when none waits, the next stream to reconcile; runs the pure {@link Controller#step} and then the step's effects
 * ({@link EffectRunner}); commits the step's state only when its appends succeeded; feeds the effects' results back
 * as events before anything else. Readers never touch this thread: they read the state last published
 * ({@link #view()}, one volatile reference).
 */
public final class ControllerLoop implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ControllerLoop.class);
    private static final Object WAKE = new Object();
    /** The most reconciles decided and stored together ({@link #reconcileGroup}). */
    static final int GROUP = 512;

    /** An event and the future completed once it (and what it caused at once) was processed. */
    private record Envelope(Event event, CompletableFuture<Void> processed) {
    }

    private final BlockingQueue<Object> inbox = new LinkedBlockingQueue<>();
    private final ReconcileQueue queue = new ReconcileQueue();
    private final ConcurrentLinkedQueue<CompletableFuture<Void>> idleWaiters = new ConcurrentLinkedQueue<>();
    private final CompletableFuture<Void> firstActive = new CompletableFuture<>();
    private final ConcurrentLinkedQueue<CompletableFuture<ControllerState>> publishWaiters =
            new ConcurrentLinkedQueue<>();
    private final Clock clock;
    private final Thread thread;
    private EffectRunner runner;
    private ControllerState state;
    private volatile ControllerState published;
    private volatile boolean running = true;

    public ControllerLoop(ControllerState initial, Clock clock, String name) {
        this.state = initial;
        this.published = initial;
        this.clock = clock;
        this.thread = new Thread(this::run, name);
        this.thread.setDaemon(true);
    }

    /**
     * Starts the thread with the ports effects act on ({@code ports} gets the loop's own publish and schedule; see
     * {@link #ports}).
     */
    public void start(EffectRunner.Ports ports) {
        this.runner = new EffectRunner(ports, clock);
        thread.start();
    }

    /** The ports of the loop itself: publishing a state and scheduling reconciles. */
    public Consumer<ControllerState> publisher() {
        return this::publish;
    }

    public void schedule(java.util.Set<String> streams, dev.cutover.controller.core.Trigger trigger) {
        queue.request(streams, trigger);
    }

    /** The state readers see: the last one published. */
    public ControllerState view() {
        return published;
    }

    public Clock clock() {
        return clock;
    }

    public ReconcileQueue queue() {
        return queue;
    }

    /** Hands an event to the loop; returns once it is queued. */
    public void post(Event event) {
        postAndTrack(event);
    }

    /** Hands an event to the loop; the future completes once it was processed. */
    public CompletableFuture<Void> postAndTrack(Event event) {
        CompletableFuture<Void> processed = new CompletableFuture<>();
        inbox.add(new Envelope(event, processed));
        return processed;
    }

    /** Builds a request event around a reply and hands it over; the future completes with the answer. */
    public CompletableFuture<Object> ask(Function<Reply, Event> request) {
        FutureReply reply = new FutureReply();
        post(request.apply(reply));
        return reply.future;
    }

    /** Completes once every event posted and every reconcile requested before this call was processed. */
    public CompletableFuture<Void> idle() {
        CompletableFuture<Void> idle = new CompletableFuture<>();
        idleWaiters.add(idle);
        inbox.add(WAKE);
        return idle;
    }

    /** Completes when this controller is first published as the active one. */
    public CompletableFuture<Void> firstActivation() {
        return firstActive;
    }

    /**
     * Completes with the next state published after this call: how a reader waits for a change without polling
     * (check {@link #view()} after taking the future, so a change published in between is not missed).
     */
    public CompletableFuture<ControllerState> nextPublished() {
        CompletableFuture<ControllerState> next = new CompletableFuture<>();
        publishWaiters.add(next);
        return next;
    }

    private void publish(ControllerState next) {
        published = next;
        if (next.leadership().active() && next.leadership().role() == Role.ACTIVE) {
            firstActive.complete(null);
        }
        CompletableFuture<ControllerState> waiter;
        while ((waiter = publishWaiters.poll()) != null) {
            waiter.complete(next);
        }
    }

    private void run() {
        while (running) {
            Object next = inbox.poll();
            if (next == null) {
                if (!queue.isEmpty()) {
                    reconcileGroup();
                    continue;
                }
                completeIdleWaiters();
                try {
                    next = inbox.take();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
            if (next instanceof Envelope envelope) {
                process(envelope.event());
                envelope.processed().complete(null);
            }
        }
    }

    private void completeIdleWaiters() {
        CompletableFuture<Void> waiter;
        while ((waiter = idleWaiters.poll()) != null) {
            waiter.complete(null);
        }
    }

    /**
     * Reconciles the waiting streams, up to {@value #GROUP} while no event waits: each step is decided on the state
     * the step before left (uncommitted), their appends are stored as one batch ({@link EffectRunner#runGroup}: one
     * fsync or Kafka transaction for the group, not one per stream), and the group's state is committed only when
     * that succeeded. A step whose effects feed events back (a flag write, a poll) ends the group; those events are
     * processed before anything else, as after a single step. A reconcile that throws changes nothing and the group
     * goes on. An event arriving ends the group, so requests wait for at most one group.
     */
    private void reconcileGroup() {
        long started = System.nanoTime();
        List<Step> steps = new ArrayList<>();
        ControllerState decided = state;
        while (steps.size() < GROUP && inbox.isEmpty()) {
            Optional<Reconciliation> ctx = queue.next();
            if (ctx.isEmpty()) {
                break;
            }
            Optional<Step> decidedStep = step(decided, new Event.ReconcileDue(clock.instant(), ctx.get()));
            if (decidedStep.isEmpty()) {
                continue;
            }
            Step step = decidedStep.get();
            steps.add(step);
            decided = step.next();
            if (!EffectRunner.groupable(step)) {
                break;
            }
        }
        if (steps.isEmpty()) {
            return;
        }
        EffectRunner.Result result;
        try {
            result = runner.runGroup(steps);
        } catch (RuntimeException e) {
            LOG.error("the effects of {} reconciles failed unexpectedly; their state is not committed: {}",
                    steps.size(), e.toString(), e);
            return;
        }
        if (result.committed()) {
            state = decided;
        }
        runner.observeGroup(steps.size(), java.time.Duration.ofNanos(System.nanoTime() - started));
        drain(new ArrayDeque<>(result.followUps()));
    }

    /** One event and, at once, every event its effects produced (flag written, effect failed). */
    private void process(Event first) {
        drain(new ArrayDeque<>(List.of(first)));
    }

    private void drain(Deque<Event> events) {
        while (!events.isEmpty()) {
            Event event = events.poll();
            Optional<Step> decided = step(state, event);
            if (decided.isEmpty()) {
                continue;
            }
            Step step = decided.get();
            EffectRunner.Result result;
            try {
                result = runner.run(step);
            } catch (RuntimeException e) {
                LOG.error("the effects of {} failed unexpectedly; its state is not committed: {}",
                        event.getClass().getSimpleName(), e.toString(), e);
                continue;
            }
            if (result.committed()) {
                state = step.next();
            }
            events.addAll(result.followUps());
        }
    }

    /** The pure step of {@code event}; empty (logged, a request refused) when it threw: nothing changed. */
    private static Optional<Step> step(ControllerState from, Event event) {
        try {
            return Optional.of(Controller.step(from, event));
        } catch (RuntimeException e) {
            LOG.error("{} could not be handled; nothing changed: {}", event.getClass().getSimpleName(),
                    e.toString(), e);
            refuse(event, e);
            return Optional.empty();
        }
    }

    /** A request whose step failed is answered anyway, so no client waits forever. */
    private static void refuse(Event event, RuntimeException e) {
        DomainError error = new DomainError.Unavailable("the controller failed to handle the request: " + e);
        if (event instanceof Event.ReportsReceived r) {
            r.reply().fail(error);
        } else if (event instanceof Event.OperatorRequested r) {
            r.reply().fail(error);
        } else if (event instanceof Event.OverrideAcceptRequested r) {
            r.reply().fail(error);
        }
    }

    @Override
    public void close() {
        running = false;
        inbox.add(WAKE);
        try {
            thread.join(10_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** A reply completing a future: the body, or a {@link DomainException}. */
    private static final class FutureReply implements Reply {
        final CompletableFuture<Object> future = new CompletableFuture<>();

        @Override
        public void succeed(Object body) {
            future.complete(body);
        }

        @Override
        public void fail(DomainError error) {
            future.completeExceptionally(new DomainException(error));
        }
    }
}
