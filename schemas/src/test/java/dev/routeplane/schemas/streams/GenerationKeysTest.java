package dev.routeplane.schemas.streams;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.processor.api.MockProcessorContext;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.Stores;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class GenerationKeysTest {
    private static final long DAY = Duration.ofDays(1).toMillis();
    private static final long WEEK = 7 * DAY;
    /** The start of generation 2,900 (a generation is one retention, counted from the epoch). */
    private static final long G0 = 2_900 * WEEK;

    private final GenerationKeys keys = new GenerationKeys(Duration.ofDays(7));
    private KeyValueStore<Bytes, Long> store;

    @BeforeEach
    void setUp() {
        store = Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore("kept"), Serdes.Bytes(), Serdes.Long())
                .withLoggingDisabled()
                .build();
        store.init(new MockProcessorContext<>().getStateStoreContext(), store);
    }

    @Test
    void anEntryKeptWithinTheRetentionIsUnderOneOfItsTwoLiveKeys() {
        byte[] id = id("r-1");
        for (long keptAt : new long[] {G0, G0 + 3 * DAY, G0 + WEEK - 1}) {
            for (long now = keptAt; now < keptAt + WEEK; now += DAY / 2) {
                assertThat(keys.liveKeys(id, now))
                        .as("kept at %d, looked up at %d", keptAt, now)
                        .contains(keys.keyAt(keptAt, id));
            }
        }
        assertThat(keys.liveKeys(id, G0 + WEEK)).first().isEqualTo(keys.keyAt(G0 + WEEK, id));
    }

    @Test
    void purgeDeletesOnlyGenerationsThatCannotHoldALiveEntry() {
        store.put(keys.keyAt(G0 - 2 * WEEK, id("old-1")), 1L);
        store.put(keys.keyAt(G0 - 1, id("old-2")), 2L);
        store.put(keys.keyAt(G0, id("recent")), 3L);

        assertThat(keys.purge(store, G0 + DAY))
                .as("the previous generation may still hold live entries")
                .isEqualTo(1);
        assertThat(keys.purge(store, G0 + WEEK)).isEqualTo(1);
        assertThat(store.get(keys.keyAt(G0, id("recent")))).isEqualTo(3L);
        assertThat(keys.purge(store, G0 + 2 * WEEK)).isEqualTo(1);
        assertThat(count()).isZero();
    }

    @Test
    void onePurgeDeletesAtMostMaxPurgeAndTheNextOneGoesOn() {
        int expired = GenerationKeys.MAX_PURGE + 123;
        for (int i = 0; i < expired; i++) {
            store.put(keys.keyAt(G0 - WEEK + i, id("old-" + i)), (long) i);
        }
        store.put(keys.keyAt(G0 + DAY, id("live")), 0L);

        assertThat(keys.purge(store, G0 + WEEK)).isEqualTo(GenerationKeys.MAX_PURGE);
        assertThat(keys.purge(store, G0 + WEEK)).isEqualTo(123);
        assertThat(keys.purge(store, G0 + WEEK)).isZero();
        assertThat(count()).isEqualTo(1);
    }

    @Test
    void refusesARetentionThatIsNotPositive() {
        assertThatThrownBy(() -> new GenerationKeys(Duration.ZERO))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("retention must be positive");
    }

    private static byte[] id(String id) {
        return id.getBytes(StandardCharsets.UTF_8);
    }

    private long count() {
        long n = 0;
        try (KeyValueIterator<Bytes, Long> all = store.all()) {
            while (all.hasNext()) {
                all.next();
                n++;
            }
        }
        return n;
    }
}
