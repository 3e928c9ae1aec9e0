package dev.routeplane.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class WireTextTest {

    @Test
    void formatsResetDurationsLikeOpenAi() {
        assertThat(WireText.goDuration(0)).isEqualTo("0ms");
        assertThat(WireText.goDuration(20)).isEqualTo("20ms");
        assertThat(WireText.goDuration(1_000)).isEqualTo("1s");
        assertThat(WireText.goDuration(1_500)).isEqualTo("1.5s");
        assertThat(WireText.goDuration(59_999)).isEqualTo("59.999s");
        assertThat(WireText.goDuration(360_000)).isEqualTo("6m0s");
        assertThat(WireText.goDuration(3_723_000)).isEqualTo("1h2m3s");
    }

    @Test
    void fingerprintIsShortHexOfSha256AndNeverTheKey() {
        // SHA-256("sk-test") starts with these 8 hex digits
        assertThat(CallPipeline.fingerprint("sk-test"))
                .isEqualTo("f3abf2a6")
                .isNotEqualTo(CallPipeline.fingerprint("sk-test2"))
                .doesNotContain("sk-test");
    }
}
