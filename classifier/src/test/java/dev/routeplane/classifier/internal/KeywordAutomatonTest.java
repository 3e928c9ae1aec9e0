package dev.routeplane.classifier.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Locale;
import java.util.Random;
import org.junit.jupiter.api.Test;

class KeywordAutomatonTest {

    private static final List<String> KEYWORDS =
            List.of("summar*", "json", "step by step", "in summary", "über", "a", "(json)", "translate into");
    private final KeywordAutomaton automaton = new KeywordAutomaton(KEYWORDS);

    private boolean[] scan(String text, int from, int to) {
        boolean[] hits = new boolean[KEYWORDS.size()];
        automaton.scan(text, from, to, hits);
        return hits;
    }

    private boolean[] walk(String text, int from, int to) {
        boolean[] hits = new boolean[KEYWORDS.size()];
        automaton.walk(text, from, to, hits);
        return hits;
    }

    @Test
    void findsEachKeywordWhereverItSitsAroundTheMiddleOfALongRegion() {
        String filler = "lorem ipsum dolor sit amet ".repeat(20);
        for (int k = 0; k < KEYWORDS.size(); k++) {
            String body =
                    KEYWORDS.get(k).replace("*", "").toUpperCase(Locale.ROOT).replace(' ', '\t');
            for (int at = 240; at < 320; at++) {
                String text = filler.substring(0, at) + " " + body + " " + filler.substring(at);
                assertThat(scan(text, 0, text.length())[k])
                        .as("%s at %d", body, at)
                        .isTrue();
            }
        }
    }

    @Test
    void keepsWordBoundariesAroundTheMiddle() {
        String filler = "lorem ipsum dolor sit amet ".repeat(20);
        for (int at = 240; at < 320; at++) {
            String glued = filler.substring(0, at) + " xstep by step " + filler.substring(at);
            assertThat(scan(glued, 0, glued.length())[2]).as("glued at %d", at).isFalse();
        }
    }

    @Test
    void readingTwoHalvesAtOnceFindsWhatOneWalkFinds() {
        Random random = new Random(16);
        String[] pieces = {
            "summar",
            "y",
            "json",
            "(json)",
            " ",
            "\n",
            "step",
            " by ",
            "in ",
            "über",
            "a",
            "x",
            "é",
            "ß",
            "-",
            "Über",
            "TRANSLATE",
            " into",
            "中",
            "\t"
        };
        for (int round = 0; round < 3_000; round++) {
            StringBuilder text = new StringBuilder();
            int parts = random.nextInt(200);
            for (int p = 0; p < parts; p++) {
                text.append(pieces[random.nextInt(pieces.length)]);
            }
            String s = text.toString();
            int from = s.isEmpty() ? 0 : random.nextInt(s.length());
            int to = from + (s.length() == from ? 0 : random.nextInt(s.length() - from + 1));
            assertThat(scan(s, from, to)).as("%s [%d, %d)", s, from, to).isEqualTo(walk(s, from, to));
        }
    }
}
