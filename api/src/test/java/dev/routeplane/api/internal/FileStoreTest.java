package dev.routeplane.api.internal;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.routeplane.api.FileLimits;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FileStoreTest {
    private static final Instant T0 = Instant.parse("2026-03-01T10:00:00Z");
    private static final FileLimits ONE_HOUR = new FileLimits(1_000_000, 10, Duration.ofHours(1));

    @TempDir
    Path dir;

    private FileStore storeAt(Instant now) {
        return new FileStore(dir, Clock.fixed(now, ZoneOffset.UTC), ONE_HOUR);
    }

    private ObjectNode store(FileStore files, String tenant, String content, Duration lifetime) throws Exception {
        Path temp = files.newTemp(tenant);
        Files.writeString(temp, content, StandardCharsets.UTF_8);
        return files.commit(tenant, temp, "in.jsonl", FileStore.PURPOSE_BATCH, lifetime);
    }

    @Test
    void aFileExpiresOneRetentionAfterItWasStoredAndIsThenGoneFromDiskAndUsage() throws Exception {
        ObjectNode file = store(storeAt(T0), "acme", "0123456789", null);
        String id = file.get("id").asText();

        assertThat(file.get("expires_at").asLong())
                .isEqualTo(T0.plus(Duration.ofHours(1)).getEpochSecond());
        FileStore justBefore = storeAt(T0.plus(Duration.ofMinutes(59)));
        assertThat(justBefore.get("acme", id)).isPresent();
        assertThat(justBefore.usage("acme")).isEqualTo(new FileStore.Usage(10, 1));

        FileStore atExpiry = storeAt(T0.plus(Duration.ofHours(1)));
        assertThat(atExpiry.get("acme", id)).isEmpty();
        assertThat(atExpiry.list("acme")).isEmpty();
        assertThat(atExpiry.content("acme", id)).isEmpty();
        assertThat(Files.exists(dir.resolve("acme").resolve(id))).isFalse();
        assertThat(atExpiry.usage("acme")).isEqualTo(new FileStore.Usage(0, 0));
    }

    @Test
    void anUploadMayAskToExpireEarlierButNeverLaterThanTheRetention() throws Exception {
        FileStore files = storeAt(T0);

        ObjectNode sooner = store(files, "acme", "a", Duration.ofMinutes(10));
        ObjectNode later = store(files, "acme", "b", Duration.ofDays(3));

        assertThat(sooner.get("expires_at").asLong())
                .isEqualTo(T0.plus(Duration.ofMinutes(10)).getEpochSecond());
        assertThat(later.get("expires_at").asLong())
                .isEqualTo(T0.plus(Duration.ofHours(1)).getEpochSecond());
    }

    @Test
    void anAskedExpiryCountsFromTheCreatedAtItIsStoredWithEvenWhenTheClockMovesOn() throws Exception {
        // Each read of this clock is a second later than the one before: the upload's handling and the store's
        // commit do not see the same instant, and expires_at must still be exactly created_at + the lifetime.
        Clock ticking = new Clock() {
            private Instant next = T0;

            @Override
            public synchronized Instant instant() {
                Instant now = next;
                next = next.plusSeconds(1);
                return now;
            }

            @Override
            public ZoneOffset getZone() {
                return ZoneOffset.UTC;
            }

            @Override
            public Clock withZone(ZoneId zone) {
                return this;
            }
        };
        FileStore files = new FileStore(dir, ticking, ONE_HOUR);

        ObjectNode file = store(files, "acme", "a", Duration.ofMinutes(30));

        assertThat(file.get("expires_at").asLong())
                .isEqualTo(
                        file.get("created_at").asLong() + Duration.ofMinutes(30).toSeconds());
    }

    @Test
    void aSweepDeletesEveryTenantsExpiredFilesAndKeepsTheOthers() throws Exception {
        FileStore files = storeAt(T0);
        String acmeOld =
                store(files, "acme", "old", Duration.ofMinutes(5)).get("id").asText();
        String umbrellaOld =
                store(files, "umbrella", "old", Duration.ofMinutes(5)).get("id").asText();
        String acmeKept = store(files, "acme", "kept", null).get("id").asText();

        FileStore later = storeAt(T0.plus(Duration.ofMinutes(30)));
        int purged = later.purgeExpired();

        assertThat(purged).isEqualTo(2);
        assertThat(Files.exists(dir.resolve("acme").resolve(acmeOld))).isFalse();
        assertThat(Files.exists(dir.resolve("umbrella").resolve(umbrellaOld))).isFalse();
        assertThat(later.get("acme", acmeKept)).isPresent();
        assertThat(later.usage("acme")).isEqualTo(new FileStore.Usage(4, 1));
    }

    @Test
    void usageCountsEveryStoredFileOnceAndForgetsDeletedOnes() throws Exception {
        FileStore files = storeAt(T0);
        assertThat(files.usage("acme")).isEqualTo(new FileStore.Usage(0, 0));
        String first = store(files, "acme", "12345", null).get("id").asText();
        store(files, "acme", "123", null);

        assertThat(files.usage("acme")).isEqualTo(new FileStore.Usage(8, 2));
        assertThat(storeAt(T0).usage("acme")).isEqualTo(new FileStore.Usage(8, 2)); // read back from disk

        assertThat(files.delete("acme", first)).isTrue();
        assertThat(files.usage("acme")).isEqualTo(new FileStore.Usage(3, 1));
        assertThat(files.usage("umbrella")).isEqualTo(new FileStore.Usage(0, 0));
    }
}
