package dev.routeplane.classifier.internal;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The lookup tables must answer exactly as the definitions they replace, for every char. */
class CharsTest {

    @Test
    void tablesAgreeWithTheCharacterClassDefinitionsOnEveryChar() {
        int mismatches = 0;
        for (int i = 0; i <= Character.MAX_VALUE; i++) {
            char c = (char) i;
            boolean alnum = c >= '0' && c <= '9' || c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z';
            boolean word = c < 128 ? alnum || c == '_' : Character.isLetterOrDigit(c);
            if (Chars.isAsciiAlnum(c) != alnum || Chars.isWordChar(c) != word) {
                mismatches++;
            }
        }
        assertThat(mismatches).isZero();
    }
}
