package dev.routeplane.cli;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.CommonClientConfigs;
import picocli.CommandLine.Option;

/** Connection options shared by every command that talks to an existing Kafka cluster. */
public final class KafkaOptions {

    public static final String DEFAULT_BOOTSTRAP = "localhost:9092";

    @Option(
            names = "--bootstrap-servers",
            paramLabel = "HOST:PORT[,...]",
            description = "Kafka bootstrap servers (default: ${DEFAULT-VALUE}, the embedded platform).",
            defaultValue = DEFAULT_BOOTSTRAP)
    String bootstrapServers;

    @Option(
            names = "--command-config",
            paramLabel = "FILE",
            description = "Kafka client properties (SASL, TLS, ...) passed through unchanged.")
    Path commandConfig;

    public String bootstrapServers() {
        return bootstrapServers;
    }

    /** Client properties: the pass-through file first, then the bootstrap servers given on the command line. */
    public Map<String, Object> clientConfig() {
        Map<String, Object> config = new HashMap<>(readProperties(commandConfig));
        config.put(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        return config;
    }

    /** The properties in a {@code --command-config} file; empty for {@code null}. */
    static Map<String, String> readProperties(Path file) {
        Map<String, String> config = new HashMap<>();
        if (file != null) {
            Properties properties = new Properties();
            try (Reader reader = Files.newBufferedReader(file)) {
                properties.load(reader);
            } catch (IOException e) {
                throw new IllegalArgumentException("cannot read --command-config " + file + ": " + e.getMessage(), e);
            }
            properties.forEach((k, v) -> config.put(k.toString(), v.toString()));
        }
        return config;
    }
}
