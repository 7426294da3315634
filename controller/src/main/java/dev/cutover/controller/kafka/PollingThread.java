package dev.cutover.controller.kafka;

import org.apache.kafka.common.KafkaException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * A daemon thread that runs one poll step again and again until {@link #close()}; a failing step is logged and
 * retried after a short pause, so a broker outage never kills the loop. The consumer a step uses must be created
 * and closed on this thread ({@link #open()} / {@link #release()}): Kafka consumers are single-threaded.
 */
abstract class PollingThread implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(PollingThread.class);
    static final Duration POLL = Duration.ofMillis(200);

    private final String name;
    private final CountDownLatch stopped = new CountDownLatch(1);
    private volatile boolean closing;
    private Thread thread;

    PollingThread(String name) {
        this.name = name;
    }

    /** Runs on the thread before the first {@link #step()}. */
    abstract void open();

    /** One poll ({@link #POLL} at most) and what follows from it. */
    abstract void step();

    /** Runs on the thread after the last step. */
    abstract void release();

    synchronized void start() {
        if (thread != null) {
            throw new IllegalStateException(name + " already started");
        }
        thread = new Thread(this::run, name);
        thread.setDaemon(true);
        thread.start();
    }

    private void run() {
        try {
            open();
            while (!closing) {
                try {
                    step();
                } catch (KafkaException | dev.cutover.controller.routelog.RouteLogException e) {
                    LOG.warn("{}: {} (retrying)", name, e.getMessage());
                    pause();
                }
            }
        } catch (RuntimeException e) {
            LOG.error("{} stopped: {}", name, e.getMessage(), e);
        } finally {
            try {
                release();
            } finally {
                stopped.countDown();
            }
        }
    }

    private void pause() {
        try {
            stopped.await(1, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Stops the loop and waits for the thread (at most about one poll). */
    @Override
    public void close() {
        closing = true;
        Thread t;
        synchronized (this) {
            t = thread;
        }
        if (t == null || t == Thread.currentThread()) {
            return;
        }
        try {
            if (!stopped.await(30, TimeUnit.SECONDS)) {
                LOG.warn("{} did not stop within 30 s", name);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
