package dev.routeplane.api.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.routeplane.api.FileLimits;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class UploadQuotaTest {
    @TempDir
    Path dir;

    private FileStore files(long maxBytes, int maxFiles) {
        return new FileStore(dir, ApiFixtures.CLOCK, new FileLimits(maxBytes, maxFiles, Duration.ofDays(1)));
    }

    private static void store(FileStore files, String tenant, int bytes) throws Exception {
        Path temp = files.newTemp(tenant);
        Files.write(temp, new byte[bytes]);
        files.commit(tenant, temp, "f.jsonl", FileStore.PURPOSE_BATCH);
    }

    @Test
    void anUploadBeyondTheFileCountIsRefusedBeforeItsBodyIsReadNamingTheLimit() throws Exception {
        FileStore files = files(1_000, 2);
        UploadQuota quota = new UploadQuota(files);
        store(files, "acme", 1);
        UploadQuota.Reservation second = quota.open("acme"); // still uploading: counts as a file

        assertThatThrownBy(() -> quota.open("acme")).isInstanceOfSatisfying(ApiException.class, e -> {
            assertThat(e.status()).isEqualTo(400);
            assertThat(e.code()).isEqualTo("file_count_quota_exceeded");
            assertThat(e.getMessage())
                    .contains("limit of 2 files per tenant", "--tenant-file-count", "1 more uploading");
        });
        second.close();
        quota.open("acme").close(); // the slot is free again
        quota.open("umbrella").close(); // other tenants count on their own
    }

    @Test
    void anUploadIsStoppedAsSoonAsItsBytesWouldPassTheLimitWithParallelUploadsCounted() throws Exception {
        FileStore files = files(1_000, 10);
        UploadQuota quota = new UploadQuota(files);
        store(files, "acme", 400);
        UploadQuota.Reservation first = quota.open("acme");
        UploadQuota.Reservation second = quota.open("acme");
        first.add(300);

        second.add(300); // 400 stored + 300 + 300 = 1,000: exactly the limit
        assertThatThrownBy(() -> second.add(1)).isInstanceOfSatisfying(ApiException.class, e -> {
            assertThat(e.code()).isEqualTo("storage_quota_exceeded");
            assertThat(e.getMessage()).contains("limit of 1000 bytes per tenant", "stores 400 bytes");
        });

        first.close();
        second.add(300); // the first upload's bytes are free again
        second.close();
    }

    @Test
    void aTenantAtItsByteLimitCannotStartAnotherUpload() throws Exception {
        FileStore files = files(500, 10);
        store(files, "acme", 500);

        assertThatThrownBy(() -> new UploadQuota(files).open("acme"))
                .isInstanceOfSatisfying(
                        ApiException.class, e -> assertThat(e.code()).isEqualTo("storage_quota_exceeded"));
    }
}
