package dev.routeplane.router.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.processor.api.MockProcessorContext;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.Stores;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class DedupeIndexTest {
    private static final long DAY = Duration.ofDays(1).toMillis();
    private static final long WEEK = 7 * DAY;
    /** A Tuesday in generation 2,900 (a generation is one retention, counted from the epoch). */
    private static final long T0 = 2_900 * WEEK + 3 * DAY;

    private KeyValueStore<Bytes, byte[]> store;
    private DedupeIndex index;

    @BeforeEach
    void setUp() {
        store = Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore("dedupe"), Serdes.Bytes(), Serdes.ByteArray())
                .withLoggingDisabled()
                .build();
        store.init(new MockProcessorContext<>().getStateStoreContext(), store);
        index = new DedupeIndex(store, WEEK);
    }

    @Test
    void anIdIsRoutedForExactlyTheRetentionAcrossAGenerationBoundary() {
        byte[] id = DedupeIndex.id("acme", "r-1");
        index.remember(id, T0);

        assertThat(index.routedAt(id, T0)).isEqualTo(T0);
        assertThat(index.routedAt(id, T0 + 5 * DAY))
                .as("next generation, within retention")
                .isEqualTo(T0);
        assertThat(index.routedAt(id, T0 + WEEK - 1)).isEqualTo(T0);
        assertThat(index.routedAt(id, T0 + WEEK))
                .as("retention over, though not yet purged")
                .isNull();
        assertThat(index.routedAt(DedupeIndex.id("acme", "r-2"), T0)).isNull();
        assertThat(index.routedAt(DedupeIndex.id("globex", "r-1"), T0))
                .as("ids are per tenant")
                .isNull();
    }

    @Test
    void purgeDropsOnlyGenerationsOlderThanTheRetention() {
        index.remember(DedupeIndex.id("acme", "old-1"), T0 - WEEK);
        index.remember(DedupeIndex.id("acme", "old-2"), T0 - WEEK + DAY);
        index.remember(DedupeIndex.id("acme", "recent"), T0);

        assertThat(index.purge(T0 + DAY))
                .as("the previous generation may still hold live ids")
                .isZero();
        assertThat(index.purge(T0 + WEEK)).isEqualTo(2);
        assertThat(store.approximateNumEntries()).isEqualTo(1);
        assertThat(index.routedAt(DedupeIndex.id("acme", "recent"), T0 + WEEK - 1))
                .isEqualTo(T0);
        assertThat(index.purge(T0 + 2 * WEEK)).isEqualTo(1);
        assertThat(store.approximateNumEntries()).isZero();
    }
}
