package dev.cutover.controller.notify;

import dev.cutover.controller.core.ControllerState;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * Reads the published state on a timer of its own (never on the controller loop: reading it is a volatile read),
 * derives what changed since the previous tick ({@link Notifications#between}) and hands each notification to the
 * sender, which queues it and returns at once. The first restored state it sees is the baseline: nothing that
 * happened before this controller started is sent again.
 */
public final class Notifier implements AutoCloseable {

    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(Notifier.class);

    private final Supplier<ControllerState> view;
    private final Consumer<Notification> sink;
    private final Clock clock;
    private ScheduledExecutorService timer;
    private ControllerState previous;

    public Notifier(Supplier<ControllerState> view, Consumer<Notification> sink, Clock clock) {
        this.view = view;
        this.sink = sink;
        this.clock = clock;
    }

    /** Ticks every {@code interval} from now on, on a daemon thread of its own. */
    public synchronized Notifier start(Duration interval) {
        if (timer == null) {
            timer = Executors.newSingleThreadScheduledExecutor(r -> {
                Thread t = new Thread(r, "cutover-notifier");
                t.setDaemon(true);
                return t;
            });
            long millis = Math.max(1, interval.toMillis());
            timer.scheduleWithFixedDelay(this::tickLogged, millis, millis, TimeUnit.MILLISECONDS);
        }
        return this;
    }

    private void tickLogged() {
        try {
            tick();
        } catch (RuntimeException e) {
            LOG.warn("notifications skipped for this tick: {}", e.toString(), e);
        }
    }

    /**
     * Compares the published state with the previous tick's and sends what changed; the first restored state is only
     * remembered. Returns what was sent.
     */
    public synchronized List<Notification> tick() {
        ControllerState current = view.get();
        if (previous == null) {
            if (current.leadership().restored()) {
                previous = current;
            }
            return List.of();
        }
        if (current == previous) {
            return List.of();
        }
        ControllerState before = previous;
        previous = current; // a state that cannot be compared is not compared again at every tick
        List<Notification> found = Notifications.between(before, current, clock.instant());
        found.forEach(sink);
        return found;
    }

    @Override
    public synchronized void close() {
        if (timer != null) {
            timer.shutdownNow();
            timer = null;
        }
    }
}
