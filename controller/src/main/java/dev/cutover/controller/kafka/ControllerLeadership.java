package dev.cutover.controller.kafka;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.CloseOptions;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.CooperativeStickyAssignor;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Elects one active controller among the replicas with a mechanism Kafka already has: consumer group membership.
 * Every replica joins group {@code <group>-leader}, subscribed to the single-partition leader topic (nothing is
 * ever written to it); the group coordinator assigns that partition to exactly one live member, which is the
 * active controller; the others are hot standbys. When the active replica dies (no heartbeat for
 * {@code session.timeout.ms}, 6 s by default) or leaves, the coordinator rebalances and hands the partition to a
 * standby. The cooperative sticky assignor keeps the partition where it is when members join, so a standby
 * joining never interrupts the active one.
 *
 * <p>Why group membership: it is Kafka's own failure detector (heartbeats, session timeout, rebalance), needs no
 * extra infrastructure (no ZooKeeper, no Kubernetes lease API, no lock table), and works with the same client
 * security settings as the route log. Its limit: a member that loses the coordinator (a partition, a long GC
 * pause) learns that it lost the role only when it reconnects, so for a while two replicas may both believe they
 * are active. That is what the transactional id of {@link KafkaRouteLog} is for: the new active controller's
 * {@code initTransactions} fences the old one, whose next write fails ({@link RouteLogFencedException}); the
 * election decides who <i>should</i> write, the fencing guarantees that only one <i>can</i>.
 *
 * <p>A dedicated thread polls the group (the consumer stays on it); {@link Listener} callbacks run on that thread
 * and should hand work off quickly (a rebalance waits for them).
 */
public final class ControllerLeadership implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ControllerLeadership.class);

    /** This replica's role. */
    public enum Role { STANDBY, ACTIVE }

    /** Told about every change of role, on the leadership thread. */
    public interface Listener {
        void onActive();

        /** {@code reason}: revoked (another member took the role), lost (the group expired this member), closed. */
        void onStandby(String reason);
    }

    private final KafkaSettings settings;
    private final String member;
    private final Listener listener;
    private final TopicPartition leaderPartition;
    private final CountDownLatch stopped = new CountDownLatch(1);
    private volatile Role role = Role.STANDBY;
    private volatile boolean closing;
    private volatile boolean leaveGroup = true;
    private volatile KafkaConsumer<byte[], byte[]> consumer;
    private Thread thread;

    /** No I/O here; {@link #start()} joins the group. */
    public ControllerLeadership(KafkaSettings settings, String member, Listener listener) {
        this.settings = settings;
        this.member = member;
        this.listener = listener;
        this.leaderPartition = new TopicPartition(settings.leaderTopic(), 0);
    }

    public static String groupId(KafkaSettings settings) {
        return settings.group() + "-leader";
    }

    /**
     * Creates or checks the control-plane topics, then joins the group on a new thread; the role is
     * {@link Role#STANDBY} until the coordinator says otherwise.
     *
     * @throws dev.cutover.controller.routelog.RouteLogException when Kafka is unreachable or a topic is unusable
     */
    public synchronized void start() {
        if (thread != null) {
            throw new IllegalStateException("leadership of " + member + " already started");
        }
        try (Admin admin = Admin.create(settings.client(Map.of(AdminClientConfig.CLIENT_ID_CONFIG,
                member + "-leadership-admin")))) {
            KafkaTopics.ensure(settings, admin);
        }
        consumer = new KafkaConsumer<>(settings.client(Map.of(
                ConsumerConfig.GROUP_ID_CONFIG, groupId(settings),
                ConsumerConfig.CLIENT_ID_CONFIG, member + "-leadership",
                ConsumerConfig.GROUP_PROTOCOL_CONFIG, "classic",
                ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG, (int) settings.sessionTimeout().toMillis(),
                ConsumerConfig.HEARTBEAT_INTERVAL_MS_CONFIG, (int) settings.heartbeatInterval().toMillis(),
                ConsumerConfig.PARTITION_ASSIGNMENT_STRATEGY_CONFIG, CooperativeStickyAssignor.class.getName(),
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false,
                ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName(),
                ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName())));
        thread = new Thread(this::run, "cutover-leadership-" + member);
        thread.setDaemon(true);
        thread.start();
    }

    private void run() {
        try {
            consumer.subscribe(List.of(settings.leaderTopic()), new Rebalance());
            while (!closing) {
                try {
                    consumer.poll(Duration.ofMillis(500));
                } catch (WakeupException e) {
                    throw e;
                } catch (KafkaException e) {
                    // Never let the election thread die silently: a replica that stopped polling would stay a
                    // standby for good. Log and poll again (the group coordinator decides the role meanwhile).
                    LOG.error("leadership of {}: {} (polling the group again in 1 s)", member, e.getMessage(), e);
                    pause();
                }
            }
        } catch (WakeupException e) {
            LOG.debug("leadership of {} woken up to close", member);
        } finally {
            closeConsumer();
            stopped.countDown();
        }
    }

    private void pause() {
        try {
            stopped.await(1, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            closing = true;
        }
    }

    private void closeConsumer() {
        CloseOptions.GroupMembershipOperation operation = leaveGroup
                ? CloseOptions.GroupMembershipOperation.LEAVE_GROUP
                : CloseOptions.GroupMembershipOperation.REMAIN_IN_GROUP;
        try {
            consumer.close(CloseOptions.groupMembershipOperation(operation).withTimeout(Duration.ofSeconds(5)));
        } catch (KafkaException e) {
            LOG.warn("closing the leadership consumer of {}: {}", member, e.getMessage());
        }
        become(Role.STANDBY, "closed");
    }

    private synchronized void become(Role next, String reason) {
        if (role == next) {
            return;
        }
        role = next;
        LOG.info("controller {} is now {} ({})", member, next.name().toLowerCase(java.util.Locale.ROOT), reason);
        if (next == Role.ACTIVE) {
            listener.onActive();
        } else {
            listener.onStandby(reason);
        }
    }

    private final class Rebalance implements ConsumerRebalanceListener {
        @Override
        public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
            if (partitions.contains(leaderPartition)) {
                become(Role.ACTIVE, "assigned " + leaderPartition);
            }
        }

        @Override
        public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
            if (partitions.contains(leaderPartition)) {
                become(Role.STANDBY, "revoked");
            }
        }

        @Override
        public void onPartitionsLost(Collection<TopicPartition> partitions) {
            if (partitions.contains(leaderPartition)) {
                become(Role.STANDBY, "lost");
            }
        }
    }

    /** The current role (for {@code /ready} and metrics: active or standby). */
    public Role role() {
        return role;
    }

    public String member() {
        return member;
    }

    /** Leaves the group, so a standby takes over at once (no session timeout to wait for). */
    @Override
    public void close() {
        stop(true);
    }

    /**
     * Stops without leaving the group, as a crashed process would: the coordinator notices only when the session
     * times out. For tests and for a process that must stop at once.
     */
    public void abandon() {
        stop(false);
    }

    private void stop(boolean leave) {
        KafkaConsumer<byte[], byte[]> c;
        synchronized (this) {
            if (thread == null || closing) {
                return;
            }
            leaveGroup = leave;
            closing = true;
            c = consumer;
        }
        c.wakeup();
        try {
            if (!stopped.await(30, TimeUnit.SECONDS)) {
                LOG.warn("leadership thread of {} did not stop within 30 s", member);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
