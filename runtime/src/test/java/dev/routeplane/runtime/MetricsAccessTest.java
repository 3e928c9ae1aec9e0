package dev.routeplane.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class MetricsAccessTest {

    @Test
    void openAccessAdmitsEveryPeerWithoutCredentials() {
        MetricsAccess open = MetricsAccess.open();

        assertThat(open.bindAddress()).isEqualTo("0.0.0.0");
        assertThat(open.admitsPeer("203.0.113.7")).isTrue();
        assertThat(open.admitsCredentials(null)).isTrue();
    }

    @Test
    void loopbackOnlyBindsLoopbackAndRefusesOtherPeers() {
        MetricsAccess local = new MetricsAccess(true, null);

        assertThat(local.bindAddress()).isEqualTo("127.0.0.1");
        assertThat(local.admitsPeer("127.0.0.1")).isTrue();
        assertThat(local.admitsPeer("::1")).isTrue();
        assertThat(local.admitsPeer("203.0.113.7")).isFalse();
        assertThat(local.admitsPeer(null)).isFalse();
    }

    @Test
    void aTokenMustBePresentedAsABearerCredentialAndIsNeverPrinted() {
        MetricsAccess guarded = new MetricsAccess(false, "s3cret-token");

        assertThat(guarded.admitsCredentials("Bearer s3cret-token")).isTrue();
        assertThat(guarded.admitsCredentials("bearer  s3cret-token ")).isTrue();
        assertThat(guarded.admitsCredentials("Bearer s3cret-tokeN")).isFalse();
        assertThat(guarded.admitsCredentials("s3cret-token")).isFalse();
        assertThat(guarded.admitsCredentials(null)).isFalse();
        assertThat(guarded.toString()).doesNotContain("s3cret");
        assertThatThrownBy(() -> new MetricsAccess(false, " ")).isInstanceOf(IllegalArgumentException.class);
    }
}
