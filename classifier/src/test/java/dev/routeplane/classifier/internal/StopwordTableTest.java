package dev.routeplane.classifier.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class StopwordTableTest {

    private static final String[] LANGUAGES = {"en", "nl", "de"};
    private final StopwordTable table = new StopwordTable(lists(), LANGUAGES);

    private static Map<String, String[]> lists() {
        Map<String, String[]> lists = new LinkedHashMap<>();
        lists.put("en", new String[] {"the", "in", "abcdefghij"});
        lists.put("nl", new String[] {"in", "alstublieft"});
        lists.put("de", new String[] {"für", "über"});
        return lists;
    }

    /** Looks a word up the way the language scan does: its lower-cased letters packed into a key. */
    private int lookup(String word) {
        long key = 0;
        for (int i = 0; i < word.length(); i++) {
            key = key << 6 | table.code(Character.toLowerCase(word.charAt(i)));
        }
        return table.lookup(word, 0, word.length(), key, Character::toLowerCase);
    }

    @Test
    void findsEachStopwordWithAllItsLanguagesWhateverItsCase() {
        assertThat(lookup("the")).isEqualTo(0b001);
        assertThat(lookup("The")).isEqualTo(0b001);
        assertThat(lookup("in")).isEqualTo(0b011);
        assertThat(lookup("Für")).isEqualTo(0b100);
        assertThat(lookup("ÜBER")).isEqualTo(0b100);
        assertThat(lookup("abcdefghij")).isEqualTo(0b001);
    }

    @Test
    void wordsLongerThanAPackedKeyAreComparedLetterByLetter() {
        assertThat(lookup("alstublieft")).isEqualTo(0b010);
        assertThat(lookup("Alstublieft")).isEqualTo(0b010);
        assertThat(lookup("alstubliefx")).isZero();
        assertThat(lookup("xlstublieft")).isZero();
    }

    @Test
    void aWordWithALetterNoStopwordHasIsNoStopwordEvenWhenTheRestMatches() {
        // 'z' has code 0 here, so "zthe" packs to the key of "the"; its length tells them apart.
        assertThat(table.code('z')).isZero();
        assertThat(lookup("zthe")).isZero();
        assertThat(lookup("thez")).isZero();
        assertThat(lookup("th")).isZero();
        assertThat(lookup("")).isZero();
    }

    @Test
    void rejectsAStopwordWithALetterOutsideTheCodedBlocks() {
        Map<String, String[]> lists = new LinkedHashMap<>();
        lists.put("en", new String[] {"θα"});
        assertThatThrownBy(() -> new StopwordTable(lists, new String[] {"en"}))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("θα");
    }
}
