package dev.routeplane.api.internal;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class HttpIoTest {

    @Test
    void decodesPercentEscapesAsUtf8AndKeepsPlusSigns() {
        assertThat(HttpIo.decodeSegment("a%2Fb+c")).isEqualTo("a/b+c");
        assertThat(HttpIo.decodeSegment("%E2%82%AC%20rates")).isEqualTo("\u20ac rates");
        assertThat(HttpIo.decodeSegment("%F0%9F%9A%80x")).isEqualTo("\uD83D\uDE80x");
        assertThat(HttpIo.decodeSegment("100%")).isEqualTo("100%"); // a stray percent is kept, not an error
        assertThat(HttpIo.decodeSegment("%zz")).isEqualTo("%zz");
    }

    @Test
    void encodingThenDecodingGivesTheIdBack() {
        for (String id : new String[] {"batch_abc:req 1/2", "caf\u00e9+\uD83D\uDE80", "plain-id_1.2~3"}) {
            assertThat(HttpIo.decodeSegment(HttpIo.encodeSegment(id))).isEqualTo(id);
        }
        assertThat(HttpIo.encodeSegment("a b/c")).isEqualTo("a%20b%2Fc");
    }
}
