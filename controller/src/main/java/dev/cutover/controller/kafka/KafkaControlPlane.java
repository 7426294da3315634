package dev.cutover.controller.kafka;

import dev.cutover.controller.routelog.RouteLog;
import dev.cutover.controller.routelog.RouteLogException;
import dev.cutover.protocol.Report;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * The controller's control plane on Kafka: one active controller among the replicas, the others hot standbys.
 *
 * <p><b>Election</b> uses a mechanism Kafka already has: consumer group membership of the single-partition leader
 * topic ({@link ControllerLeadership}); the member the group coordinator assigns that partition to is active. Kafka's
 * own failure detector (heartbeats, session timeout, rebalance) moves the role to a standby when the active
 * replica dies (after the session timeout, 6 s by default) or leaves (at once). No ZooKeeper, lease API or lock
 * table is needed, and the same client security settings apply.
 *
 * <p><b>Fencing.</b> The election decides who <i>should</i> write; Kafka's transactions decide who <i>can</i>.
 * On becoming active a replica opens a {@link KafkaRouteLog} with the deployment's fixed transactional id: its
 * {@code initTransactions} fences every older writer, then it reads the topics to their end, so the state it
 * restores is final. A replica that still believes it is active after losing the role (a long pause, a network
 * partition) has its next write rejected ({@link RouteLogFencedException}); it then steps down, re-joins the
 * group as a standby and catches up from the topics, instead of publishing.
 *
 * <p><b>Standby.</b> A standby reads the topics once to their end ({@link #restore()}), then follows them
 * ({@link TopicFollower}), so its API serves current routes, work lists and audit events; it never reconciles or
 * writes (override and decommission requests get 503).
 *
 * <p><b>Reports.</b> Every replica accepts {@code POST /v1/reports} by producing the reports to the reports topic
 * with an idempotent producer ({@link #submit}); the active controller applies them when it consumes them
 * ({@link ReportLoop}), numbered by their offsets. Workers may also produce there directly ({@link KafkaReportSink}),
 * so no report is lost while no controller runs: the next active one restores them all.
 *
 * <p>Role changes run one at a time on a dedicated thread; the election's callbacks only hand them over.
 */
public final class KafkaControlPlane implements RouteLog, ControllerLeadership.Listener {

    private static final Logger LOG = LoggerFactory.getLogger(KafkaControlPlane.class);

    private final KafkaSettings settings;
    private final String member;
    private final Clock clock;
    private final ExecutorService roles;
    private ControlPlaneTarget target;
    private ControllerLeadership leadership;
    private TopicFollower follower;
    private ReportLoop reportLoop;
    private KafkaRouteLog writer;
    private KafkaReportSink sink;
    private Map<TopicPartition, Long> caughtUpTo = Map.of();
    private boolean closing;

    /** No I/O here; {@link #restore()} connects. {@code member} names this replica in logs and client ids. */
    public KafkaControlPlane(KafkaSettings settings, String member, Clock clock) {
        this.settings = settings;
        this.member = member;
        this.clock = clock;
        this.roles = Executors.newSingleThreadExecutor(r -> {
            Thread thread = new Thread(r, "cutover-role-" + member);
            thread.setDaemon(true);
            return thread;
        });
    }

    /**
     * Creates or checks the topics and reads them to their end as a standby (no fencing: this replica is not
     * elected yet). The controller starts from this state.
     */
    @Override
    public synchronized Restored restore() {
        try (Admin admin = Admin.create(settings.client(Map.of(AdminClientConfig.CLIENT_ID_CONFIG,
                member + "-admin")))) {
            KafkaTopics.ensure(settings, admin);
        }
        KafkaRouteLog.TopicSnapshot snapshot = KafkaRouteLog.readAll(settings, member + "-catch-up", clock);
        caughtUpTo = snapshot.end();
        return snapshot.restored();
    }

    /** Starts following the topics and joins the election; call after the controller restored from {@link #restore()}. */
    public synchronized void start(ControlPlaneTarget controller) {
        if (target != null) {
            throw new IllegalStateException("the control plane of " + member + " already started");
        }
        target = controller;
        follower = new TopicFollower(settings, member, caughtUpTo, target);
        follower.start();
        leadership = new ControllerLeadership(settings, member, this);
        leadership.start();
    }

    @Override
    public void onActive() {
        roles.execute(this::becomeActive);
    }

    @Override
    public void onStandby(String reason) {
        roles.execute(() -> becomeStandby(reason, false));
    }

    private void becomeActive() {
        ControllerLeadership elected;
        TopicFollower following;
        synchronized (this) {
            if (closing || writer != null || leadership == null
                    || leadership.role() != ControllerLeadership.Role.ACTIVE) {
                return;
            }
            elected = leadership;
            following = follower;
            follower = null;
        }
        closeQuietly(following);
        KafkaRouteLog log = new KafkaRouteLog(settings, clock);
        Restored restored;
        try {
            restored = log.restore();
        } catch (RuntimeException e) {
            log.close();
            LOG.error("{} was elected but cannot restore from Kafka; staying standby and re-joining the election: {}",
                    member, e.getMessage(), e);
            becomeStandby("restore failed", true);
            return;
        }
        synchronized (this) {
            if (closing || elected != leadership || elected.role() != ControllerLeadership.Role.ACTIVE) {
                log.close();
                return;
            }
            writer = log;
        }
        target.activate(restored);
        synchronized (this) {
            reportLoop = new ReportLoop(settings, member, log.reportsEndOffset(), restored.reports(), target);
            reportLoop.start();
        }
        LOG.info("{} is the active controller ({})", member, describe());
    }

    private void becomeStandby(String reason, boolean rejoin) {
        KafkaRouteLog old;
        ReportLoop reports;
        synchronized (this) {
            if (closing) {
                return;
            }
            old = writer;
            writer = null;
            reports = reportLoop;
            reportLoop = null;
        }
        if (old != null) {
            target.deactivate(reason);
            closeQuietly(reports);
            old.close();
        }
        if (rejoin) {
            ControllerLeadership previous;
            synchronized (this) {
                previous = leadership;
                leadership = null;
            }
            if (previous != null) {
                previous.close();
            }
        }
        catchUp();
        if (rejoin) {
            synchronized (this) {
                if (!closing) {
                    leadership = new ControllerLeadership(settings, member, this);
                    leadership.start();
                }
            }
        }
    }

    /** A standby reads the topics to their end again, replaces its state and follows from there. */
    private void catchUp() {
        synchronized (this) {
            if (closing || follower != null) {
                return;
            }
        }
        try {
            KafkaRouteLog.TopicSnapshot snapshot = KafkaRouteLog.readAll(settings, member + "-catch-up", clock);
            target.reload(snapshot.restored());
            synchronized (this) {
                if (!closing && follower == null) {
                    follower = new TopicFollower(settings, member, snapshot.end(), target);
                    follower.start();
                }
            }
        } catch (RouteLogException e) {
            LOG.error("{} (standby) cannot catch up from Kafka; its state may be stale until the next role change: {}",
                    member, e.getMessage());
        }
    }

    private static void closeQuietly(AutoCloseable closeable) {
        if (closeable == null) {
            return;
        }
        try {
            closeable.close();
        } catch (Exception e) {
            LOG.warn("closing {}: {}", closeable.getClass().getSimpleName(), e.getMessage());
        }
    }

    /**
     * Writes the batch in one transaction, if this replica is active.
     *
     * @throws RouteLogFencedException when Kafka fenced it (it steps down, re-joins the election as a standby)
     * @throws RouteLogException       when it is a standby or Kafka failed (nothing of the batch is visible)
     */
    @Override
    public void append(Batch batch) {
        KafkaRouteLog log;
        synchronized (this) {
            log = writer;
        }
        if (log == null) {
            throw new RouteLogException(member + " is a standby controller and does not write");
        }
        try {
            log.append(batch);
        } catch (RouteLogFencedException e) {
            LOG.warn("{} was fenced by a newer controller; stepping down instead of publishing", member);
            roles.execute(() -> becomeStandby("fenced by a newer controller", true));
            throw e;
        } catch (RouteLogException e) {
            if (!log.usable()) {
                LOG.warn("{} cannot tell whether its last batch is visible; stepping down to restore", member);
                roles.execute(() -> becomeStandby("route log unusable", true));
            }
            throw e;
        }
    }

    /** Produces accepted reports to the reports topic (idempotent producer); durable when this returns. */
    public void submit(List<? extends Report> reports) {
        KafkaReportSink s;
        synchronized (this) {
            if (sink == null) {
                sink = new KafkaReportSink(settings, clock, member + "-reports-sink");
            }
            s = sink;
        }
        try {
            s.send(reports);
        } catch (KafkaReportSink.ReportSinkException e) {
            throw new RouteLogException(e.getMessage(), e);
        }
    }

    /** Nothing to do: Kafka's log cleaner compacts the routes topic. */
    @Override
    public void compact() {
        // compaction is the broker's job
    }

    /** Whether this replica is the active controller right now (it holds the writer). */
    public synchronized boolean active() {
        return writer != null;
    }

    public String member() {
        return member;
    }

    @Override
    public String describe() {
        return "kafka " + settings.bootstrap() + " (routes " + settings.routesTopic() + ", events "
                + settings.eventsTopic() + ", reports " + settings.reportsTopic() + ", leader " + settings.leaderTopic()
                + ", transactional id " + settings.transactionalId() + ")";
    }

    /** Leaves the election first, so a standby takes over at once, then stops everything. */
    @Override
    public void close() {
        ControllerLeadership l;
        synchronized (this) {
            if (closing) {
                return;
            }
            closing = true;
            l = leadership;
        }
        if (l != null) {
            l.close();
        }
        roles.shutdown();
        try {
            roles.awaitTermination(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        List<AutoCloseable> parts;
        synchronized (this) {
            parts = java.util.Arrays.asList(follower, reportLoop, writer, sink);
            follower = null;
            reportLoop = null;
            writer = null;
            sink = null;
        }
        parts.forEach(KafkaControlPlane::closeQuietly);
    }
}
