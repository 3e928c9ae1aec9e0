package dev.routeplane.platform.internal;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The broker properties of Routeplane's single-node KRaft broker (combined broker and controller roles).
 * Kept apart from lifecycle code so the settings can be tested without starting Kafka.
 */
public final class BrokerConfigs {
    public static final int NODE_ID = 1;
    public static final String BROKER_LISTENER = "PLAINTEXT";
    public static final String CONTROLLER_LISTENER = "CONTROLLER";

    private BrokerConfigs() {}

    /**
     * @param logDir         the single directory for partition data and the metadata log
     * @param port           the resolved (non-zero) client port
     * @param controllerPort the resolved (non-zero) controller port
     * @param overrides      applied last
     */
    public static Map<String, String> build(Path logDir, int port, int controllerPort, Map<String, String> overrides) {
        Map<String, String> props = new LinkedHashMap<>();
        props.put("process.roles", "broker,controller");
        props.put("node.id", Integer.toString(NODE_ID));
        // A static voter set: the controller endpoint is read from config, not stored in the metadata log,
        // so a restart may use a different controller port (port 0 = new free port every start).
        props.put("controller.quorum.voters", NODE_ID + "@localhost:" + controllerPort);
        props.put(
                "listeners",
                BROKER_LISTENER + "://localhost:" + port + "," + CONTROLLER_LISTENER + "://localhost:"
                        + controllerPort);
        props.put("advertised.listeners", BROKER_LISTENER + "://localhost:" + port);
        props.put(
                "listener.security.protocol.map", BROKER_LISTENER + ":PLAINTEXT," + CONTROLLER_LISTENER + ":PLAINTEXT");
        props.put("controller.listener.names", CONTROLLER_LISTENER);
        props.put("inter.broker.listener.name", BROKER_LISTENER);
        props.put("log.dirs", logDir.toString());
        props.put("metadata.log.dir", logDir.toString());

        props.putAll(singleNode());
        // The cleaner pre-allocates this buffer (128 MB by default); a local broker's compacted topics are
        // small, and tests start several brokers in one JVM.
        props.put("log.cleaner.dedupe.buffer.size", Integer.toString(8 * 1024 * 1024));
        props.putAll(overrides);
        return props;
    }

    /**
     * What any single broker needs, wherever it runs (embedded here, or in a container for the Testcontainers
     * profile): internal topics one broker can host, few of their partitions, no rebalance delay.
     */
    public static Map<String, String> singleNode() {
        Map<String, String> props = new LinkedHashMap<>();
        // Internal topics default to replication factor 3; on one broker consumer groups, transactions and
        // share groups would then wait forever for replicas that never come, without an error.
        props.put("offsets.topic.replication.factor", "1");
        props.put("transaction.state.log.replication.factor", "1");
        props.put("transaction.state.log.min.isr", "1");
        props.put("share.coordinator.state.topic.replication.factor", "1");
        props.put("share.coordinator.state.topic.min.isr", "1");
        // 50 partitions per internal topic is sized for clusters; a local broker starts faster with few.
        props.put("offsets.topic.num.partitions", "5");
        props.put("transaction.state.log.num.partitions", "5");
        props.put("share.coordinator.state.topic.num.partitions", "5");
        // No point waiting for more members to join on a local broker; tests would pay 3 s per group.
        props.put("group.initial.rebalance.delay.ms", "0");
        return props;
    }
}
