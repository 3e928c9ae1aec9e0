package dev.routeplane.platform.internal;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.metadata.storage.Formatter;
import org.apache.kafka.server.common.Feature;
import org.apache.kafka.server.common.MetadataVersion;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Formats a KRaft log directory, what {@code kafka-storage.sh format} does, from Kafka's own code. */
public final class KafkaStorage {
    private static final Logger LOG = LoggerFactory.getLogger(KafkaStorage.class);

    private KafkaStorage() {}

    /** Whether {@code logDir} already holds Kafka storage (formatting again would lose the cluster id). */
    public static boolean isFormatted(Path logDir) {
        return Files.isRegularFile(logDir.resolve("meta.properties"));
    }

    /**
     * Formats {@code logDir} for a single combined node unless it is already formatted.
     *
     * @return whether the directory was formatted now
     */
    public static boolean formatIfNeeded(Path logDir) throws Exception {
        if (isFormatted(logDir)) {
            return false;
        }
        Files.createDirectories(logDir);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        String clusterId = Uuid.randomUuid().toString();
        new Formatter()
                .setPrintStream(new PrintStream(out, true, StandardCharsets.UTF_8))
                .setNodeId(BrokerConfigs.NODE_ID)
                .setClusterId(clusterId)
                .addDirectory(logDir.toString())
                .setMetadataLogDirectory(logDir.toString())
                .setControllerListenerName(BrokerConfigs.CONTROLLER_LISTENER)
                .setReleaseVersion(MetadataVersion.LATEST_PRODUCTION)
                // Share groups are gated by this feature, fixed at format time; the latest production metadata
                // version already defaults it to 1, spelling it out keeps share groups on if that default moves.
                .setFeatureLevel(Feature.SHARE_VERSION.featureName(), Feature.SHARE_VERSION.latestProduction())
                .run();
        LOG.info(
                "Formatted Kafka storage in {} (cluster id {}, metadata version {})",
                logDir,
                clusterId,
                MetadataVersion.LATEST_PRODUCTION);
        LOG.debug("Formatter output: {}", out.toString(StandardCharsets.UTF_8));
        return true;
    }
}
