package dev.routeplane.platform;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * Immutable settings of an {@link EmbeddedKafkaBroker}.
 *
 * @param dataDir        directory holding the broker's log and metadata directories; it survives restarts
 *                       and is formatted only when it holds no Kafka storage yet
 * @param port           the client (PLAINTEXT) port on localhost; {@code 0} picks a free port
 * @param controllerPort the KRaft controller port on localhost; {@code 0} picks a free port
 * @param overrides      broker properties applied last, over Routeplane's single-broker defaults
 */
public record BrokerOptions(Path dataDir, int port, int controllerPort, Map<String, String> overrides) {

    /** The port other Kafka tools expect a local broker on. */
    public static final int DEFAULT_PORT = 9092;

    public BrokerOptions {
        Objects.requireNonNull(dataDir, "dataDir");
        checkPort("port", port);
        checkPort("controllerPort", controllerPort);
        overrides = Map.copyOf(Objects.requireNonNull(overrides, "overrides"));
    }

    /** Defaults: client port 9092, a free controller port, no overrides. */
    public static BrokerOptions of(Path dataDir) {
        return builder(dataDir).build();
    }

    public static Builder builder(Path dataDir) {
        return new Builder(dataDir);
    }

    static void checkPort(String name, int port) {
        if (port < 0 || port > 65_535) {
            throw new IllegalArgumentException(
                    name + " must be between 0 and 65535 (0 = pick a free port), was " + port);
        }
    }

    /** Builder for {@link BrokerOptions}; not thread-safe. */
    public static final class Builder {
        private final Path dataDir;
        private int port = DEFAULT_PORT;
        private int controllerPort;
        private final Map<String, String> overrides = new LinkedHashMap<>();

        private Builder(Path dataDir) {
            this.dataDir = dataDir;
        }

        public Builder port(int port) {
            this.port = port;
            return this;
        }

        public Builder controllerPort(int controllerPort) {
            this.controllerPort = controllerPort;
            return this;
        }

        /** Sets one broker property, e.g. {@code num.partitions}; wins over Routeplane's defaults. */
        public Builder override(String key, String value) {
            overrides.put(Objects.requireNonNull(key, "key"), Objects.requireNonNull(value, "value"));
            return this;
        }

        public Builder overrides(Map<String, String> more) {
            more.forEach(this::override);
            return this;
        }

        public BrokerOptions build() {
            return new BrokerOptions(dataDir, port, controllerPort, overrides);
        }
    }
}
