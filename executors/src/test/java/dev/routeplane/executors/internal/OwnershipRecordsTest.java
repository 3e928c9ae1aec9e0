package dev.routeplane.executors.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.routeplane.contract.ProviderBatch;
import dev.routeplane.executors.ExecutorMeters;
import dev.routeplane.schemas.AvroPayloadException;
import dev.routeplane.schemas.RecordDecoder;
import dev.routeplane.schemas.testing.MutableClock;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.MockConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.Deserializer;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class OwnershipRecordsTest {
    private static final String TOPIC = "rp.provider-batches.v1";
    private static final TopicPartition P0 = new TopicPartition(TOPIC, 0);

    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final MutableClock clock = new MutableClock(Instant.parse("2030-01-01T00:00:00Z"));
    private final AtomicBoolean registryDown = new AtomicBoolean();
    private final MockConsumer<String, byte[]> consumer = new MockConsumer<>("earliest");
    private final List<String> read = new ArrayList<>();
    private OwnershipRecords records;

    /** Bytes "batch:<provider>:<id>" decode to a batch; "garbage" is not Avro; anything fails while the registry is down. */
    private final Deserializer<ProviderBatch> fake = (topic, bytes) -> {
        if (registryDown.get()) {
            throw new AvroPayloadException(AvroPayloadException.Kind.REGISTRY_UNAVAILABLE, topic, "registry down");
        }
        String s = new String(bytes, StandardCharsets.UTF_8);
        if (!s.startsWith("batch:")) {
            throw new AvroPayloadException(AvroPayloadException.Kind.UNKNOWN_MAGIC_BYTE, topic, "not avro");
        }
        String[] parts = s.split(":");
        return ProviderBatch.newBuilder()
                .setProviderBatchId(parts[2])
                .setProvider(parts[1])
                .setModel("alpha-mini")
                .setSubmittedAt(clock.instant())
                .setCustomIds(List.of())
                .setTasks(List.of())
                .build();
    };

    @BeforeEach
    void setUp() {
        records = new OwnershipRecords(
                "alpha", new RecordDecoder<>(fake), ExecutorMeters.of(registry, "alpha", "test"), clock);
        consumer.assign(List.of(P0));
        consumer.updateBeginningOffsets(Map.of(P0, 0L));
    }

    private void add(long offset, String key, String value) {
        consumer.addRecord(new ConsumerRecord<>(
                TOPIC, 0, offset, key, value == null ? null : value.getBytes(StandardCharsets.UTF_8)));
    }

    private void poll() {
        records.poll(consumer, Duration.ZERO, (r, what) -> read.add(r.offset() + " " + describe(what)));
    }

    private static String describe(OwnershipRecords.Read what) {
        return what instanceof OwnershipRecords.Read.Open o
                ? "open " + o.batch().getProviderBatchId()
                : what.getClass().getSimpleName().toLowerCase();
    }

    private double undecodable() {
        return registry.get("routeplane.executor.provider.batch.undecodable")
                .tag("provider", "alpha")
                .counter()
                .count();
    }

    @Test
    void skipsAnUndecodableOwnershipRecordCountsItAndReadsTheRecordsAfterIt() {
        add(0, "alpha/batch_1", "batch:alpha:batch_1");
        add(1, "alpha/broken", "garbage");
        add(2, "alpha/batch_2", "batch:alpha:batch_2");
        add(3, "alpha/batch_1", null);

        poll();

        assertThat(read).containsExactly("0 open batch_1", "1 skip", "2 open batch_2", "3 closed");
        assertThat(undecodable()).isEqualTo(1.0);
        assertThat(consumer.position(P0)).isEqualTo(4);
    }

    @Test
    void skipsAnotherProvidersBatchWithoutCountingItAsUndecodable() {
        add(0, "beta/msgbatch_1", "batch:beta:msgbatch_1");

        poll();

        assertThat(read).containsExactly("0 skip");
        assertThat(undecodable()).isZero();
    }

    @Test
    void readsARecordAgainAfterAPauseWhenTheRegistryIsUnreachableInsteadOfSkippingIt() {
        registryDown.set(true);
        add(0, "alpha/batch_1", "batch:alpha:batch_1");
        add(1, "alpha/batch_2", "batch:alpha:batch_2");

        poll();

        assertThat(read).isEmpty();
        assertThat(consumer.position(P0)).as("rewound to the record").isZero();
        assertThat(consumer.paused()).containsExactly(P0);
        assertThat(undecodable()).isZero();

        registryDown.set(false);
        clock.advance(Duration.ofMillis(OwnershipRecords.RETRY_AFTER_MS));
        add(0, "alpha/batch_1", "batch:alpha:batch_1"); // the broker delivers from the rewound position again
        add(1, "alpha/batch_2", "batch:alpha:batch_2");
        poll();

        assertThat(consumer.paused()).isEmpty();
        assertThat(read).containsExactly("0 open batch_1", "1 open batch_2");
    }
}
