package dev.routeplane.router;

import dev.routeplane.schemas.RegistrySerdeConfig;
import dev.routeplane.schemas.Topics;
import dev.routeplane.schemas.streams.StreamsFailureHandlers;
import dev.routeplane.schemas.streams.TaskIdling;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.streams.StreamsConfig;

/**
 * Kafka Streams properties for the router.
 *
 * <p>Throughput choices, for one stream thread routing well over 10,000 requests/s under exactly-once:
 * <ul>
 *   <li>{@code commit.interval.ms=100} (Kafka's default under exactly-once): each commit ends a transaction, and an
 *       executor sees a task only once it is committed, so a synchronous call waits half the interval on average. 50
 *       was tried for a session: in {@code bench e2e} at 500 calls/s it took the hop from decision to call start from
 *       54-62 to 36-75 ms (p50), but with the JIT compiler settled the pipeline's highest rate was 1,250, 500 and
 *       1,500 req/s against 1,500, 1,250 and 2,000 with 100, in three alternating pairs, and two of the three 50 ms
 *       runs had the router fall behind during the synchronous phase (docs/benchmarks.md, eleventh session). Interactive
 *       requests do not wait for the interval: the router asks for an early commit for them, paced
 *       ({@link dev.routeplane.router.internal.InteractiveCommits}).</li>
 *   <li>{@code linger.ms=100} (Kafka Streams' own default, equal to the commit interval), {@code batch.size=256 KiB},
 *       {@code compression.type=lz4}: under exactly-once nobody reads a task or decision before its transaction
 *       commits, and a commit sends whatever still lingers first, so lingering up to the interval delays no reader
 *       while it makes each partition's batch one per commit instead of one per 5 ms. With 5 ms, in {@code bench e2e}
 *       at 1,500 req/s, the router's producer thread spent 43-50 µs per request against 18-25 and the broker's request
 *       handlers 167 against 140-154 where the compiler stayed quiet (every append wakes the executors' waiting share
 *       fetches); the hop from decision to call start stayed at 58-68 ms p50 (docs/benchmarks.md, thirteenth session).
 *       lz4 is cheap on CPU and halves prompt bytes. Under {@code at_least_once} (an override) records are read as
 *       they are sent: set a short linger with it.</li>
 *   <li>{@code statestore.cache.max.bytes=64 MiB}: budget state is rewritten on every request of a tenant;
 *       the cache collapses those writes to one changelog record per tenant per commit.</li>
 *   <li>{@code max.task.idle.ms=-1} ({@link TaskIdling}): Streams' check for lagging inputs formatted log messages for
 *       every record; off, the router's thread spent 117-141 µs per request in {@code bench router} against 153-158
 *       with it.</li>
 *   <li>{@code max.poll.records=2000}: large polls when a backlog waits. {@code fetch.min.bytes=1}: a fetch returns
 *       as soon as a request is there. With 64 KiB the broker held every fetch up to {@code fetch.max.wait.ms} (50 ms)
 *       below about 1,000 requests/s, and a synchronous call waited for it: in {@code bench e2e} at 100 calls/s the
 *       hop from the request appended to the router's decision went from 140 ms to 51 ms (p50). Under a backlog each
 *       fetch finds plenty anyway, so the throughput does not depend on it.</li>
 * </ul>
 *
 * @param applicationId     {@code application.id}; also names consumer group, changelogs and transactional ids
 * @param bootstrapServers  Kafka
 * @param registryUrl       schema registry base URL
 * @param stateDir          RocksDB state directory
 * @param topics            topic prefix (the failure handlers write dead letters under it)
 * @param streamThreads     {@code num.stream.threads}
 * @param overrides         applied last, e.g. security settings or test tweaks
 */
public record RouterStreamsConfig(
        String applicationId,
        String bootstrapServers,
        String registryUrl,
        Path stateDir,
        Topics topics,
        int streamThreads,
        Map<String, Object> overrides) {

    /** The default application id. */
    public static final String DEFAULT_APPLICATION_ID = "routeplane-router";

    public RouterStreamsConfig {
        Objects.requireNonNull(applicationId, "applicationId");
        Objects.requireNonNull(bootstrapServers, "bootstrapServers");
        Objects.requireNonNull(registryUrl, "registryUrl");
        Objects.requireNonNull(stateDir, "stateDir");
        Objects.requireNonNull(topics, "topics");
        overrides = Map.copyOf(overrides);
    }

    /** Defaults: application id {@code routeplane-router}, one stream thread, no overrides. */
    public static RouterStreamsConfig of(String bootstrapServers, String registryUrl, Path stateDir, Topics topics) {
        return new RouterStreamsConfig(
                DEFAULT_APPLICATION_ID, bootstrapServers, registryUrl, stateDir, topics, 1, Map.of());
    }

    /** The serde properties {@code RouteplaneSerdes} needs. */
    public Map<String, Object> serdeConfig() {
        return Map.of(RegistrySerdeConfig.SCHEMA_REGISTRY_URL, registryUrl);
    }

    public Properties toProperties() {
        Properties p = new Properties();
        p.put(StreamsConfig.APPLICATION_ID_CONFIG, applicationId);
        p.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        p.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
        p.put(StreamsConfig.NUM_STREAM_THREADS_CONFIG, streamThreads);
        p.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);
        p.put(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, 100);
        TaskIdling.off(p);
        p.put(StreamsConfig.STATESTORE_CACHE_MAX_BYTES_CONFIG, 64L * 1024 * 1024);
        // Bad requests become dead letters on rp.requests.rejected.v1; other sources are global tables.
        StreamsFailureHandlers.configure(p, topics, List.of(topics.requests().name()));
        p.put(StreamsConfig.PRODUCTION_EXCEPTION_HANDLER_CLASS_CONFIG, RouterProductionHandler.class);
        p.put(RegistrySerdeConfig.SCHEMA_REGISTRY_URL, registryUrl);
        p.put(StreamsConfig.producerPrefix(ProducerConfig.LINGER_MS_CONFIG), 100);
        p.put(StreamsConfig.producerPrefix(ProducerConfig.BATCH_SIZE_CONFIG), 256 * 1024);
        p.put(StreamsConfig.producerPrefix(ProducerConfig.COMPRESSION_TYPE_CONFIG), "lz4");
        p.put(StreamsConfig.consumerPrefix(ConsumerConfig.MAX_POLL_RECORDS_CONFIG), 2000);
        p.put(StreamsConfig.consumerPrefix(ConsumerConfig.FETCH_MIN_BYTES_CONFIG), 1);
        p.put(StreamsConfig.consumerPrefix(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG), 50);
        p.putAll(overrides);
        return p;
    }
}
