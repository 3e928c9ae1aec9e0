package dev.routeplane.classifier.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ShortPieceCacheTest {

    @Test
    void keysTellApartEveryPieceTheyAccept() {
        String[] pieces = {
            "ab",
            "ba",
            "a b",
            " ab",
            "ab ",
            "AB",
            "Ab",
            "12",
            "1 2",
            " the",
            "the",
            "  ",
            "   ",
            "quarterly",
            " quarterly",
            "0123456789",
            "zzzzzzzzzz",
            "ZZZZZZZZZZ",
            "          "
        };
        Map<Long, String> seen = new HashMap<>();
        for (String piece : pieces) {
            long key = ShortPieceCache.key(piece, 0, piece.length());
            assertThat(key).as(piece).isNotZero();
            assertThat(seen.put(key, piece)).as(piece).isNull();
        }
    }

    @Test
    void acceptsOnlyAsciiLettersDigitsAndSpacesUpToTenChars() {
        assertThat(ShortPieceCache.key(" migration", 0, 10)).isNotZero();
        assertThat(ShortPieceCache.key(" migrations", 0, 11)).isZero();
        for (String piece : new String[] {"a.", "'s", "\n\n", "a\tb", "café", "a_b", "x-y"}) {
            assertThat(ShortPieceCache.key(piece, 0, piece.length())).as(piece).isZero();
        }
    }

    @Test
    void keyOfARangeIsTheKeyOfThatPieceAlone() {
        assertThat(ShortPieceCache.key("say the word", 3, 7)).isEqualTo(ShortPieceCache.key(" the", 0, 4));
    }

    @Test
    void returnsTheStoredCountUpToTheLargestPossible() {
        ShortPieceCache cache = new ShortPieceCache();
        long key = ShortPieceCache.key("zzzzzzzzzz", 0, 10);

        assertThat(cache.get(key)).isEqualTo(-1);
        cache.put(key, 10);
        assertThat(cache.get(key)).isEqualTo(10);
        assertThat(cache.get(ShortPieceCache.key("zzzzzzzzz", 0, 9))).isEqualTo(-1);
    }
}
