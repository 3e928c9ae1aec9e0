package dev.routeplane.classifier.internal;

import static org.assertj.core.api.Assertions.assertThat;

import com.knuddels.jtokkit.Encodings;
import com.knuddels.jtokkit.api.Encoding;
import com.knuddels.jtokkit.api.EncodingType;
import dev.routeplane.classifier.TokenizerEncoding;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;

/** The cached, self-split count must equal jtokkit's own count on any text, not just on typical prompts. */
class TokenCounterExactnessTest {

    private static final Encoding CL100K = Encodings.newLazyEncodingRegistry().getEncoding(EncodingType.CL100K_BASE);
    /** One counter for all tries, so later tries run on a warm cache full of earlier tries' pieces. */
    private static final TokenCounter COUNTER = new TokenCounter(TokenizerEncoding.CL100K_BASE);

    /** Characters at every class boundary of the pre-tokenizer: contractions, long s, digit-like symbols,
     * every kind of whitespace, CJK, emoji (surrogate pairs), combining marks, letters beyond the BMP. */
    private static final String TRICKY = "aZsdtmlvreSDTMLVREſ'’\"0123456789²½Ⅻ٣ \t\n\r\u000B\u000C\u0085\u00A0\u1680"
            + "\u2003\u2028\u3000\u001F.,;:!?-_()[]{}<>/\\|@#$%^&*+=~`éüßçøΩжЖіїЄ日本語한국ไทยअ\u0301\u200B"
            + "\uD83D\uDE00\uD835\uDC00\uD800\uDF00ªº";

    @Property(tries = 3000)
    void equalsJtokkitOnTextFromTrickyCharacters(@ForAll("tricky") String text) {
        assertThat(COUNTER.count(text)).as("count of %s", escaped(text)).isEqualTo(CL100K.countTokensOrdinary(text));
    }

    @Property(tries = 1000)
    void equalsJtokkitOnWordySentences(@ForAll("wordy") String text) {
        assertThat(COUNTER.count(text)).as("count of %s", escaped(text)).isEqualTo(CL100K.countTokensOrdinary(text));
    }

    @Property(tries = 500)
    void equalsJtokkitOnArbitraryValidUnicode(@ForAll("anyUnicode") String text) {
        assertThat(COUNTER.count(text)).as("count of %s", escaped(text)).isEqualTo(CL100K.countTokensOrdinary(text));
    }

    /** ASCII words around the packed-key limit of 10 characters, after every kind of lead character, and cut off
     * by non-ASCII letters that continue them: the edges of the split's fast path. */
    @Property(tries = 1000)
    void equalsJtokkitOnAsciiWordsAroundThePackedLength(@ForAll("asciiWords") String text) {
        assertThat(COUNTER.count(text)).as("count of %s", escaped(text)).isEqualTo(CL100K.countTokensOrdinary(text));
    }

    @Test
    void equalsJtokkitOnRealisticPrompts() {
        List<String> corpus = List.of(
                "You are a helpful assistant. Summarize the following report in 3 bullet points.",
                "I'm sure they'll say it's fine, but we've seen THEY'RE wrong; don't you think? 'tis true.",
                "def fib(n):\n    if n < 2:\n        return n\n    return fib(n - 1) + fib(n - 2)\n\n\n\nprint(fib(30))\n",
                "{\"id\": 12345678, \"name\": \"Ada\", \"tags\": [\"a\", \"b\"], \"price\": 1234.5678}\r\n",
                "Übersetze bitte: «Le café coûte 3,50 €» — und 東京の人口は約1400万人です。한국어도 돼요?",
                "Ошибка: файл не найден.\n\n\n   Спробуйте ще раз, будь ласка.   \t\n",
                "    indented    with     runs      of spaces   \n\t\t\ttabs\u00A0\u00A0nbsp \u3000ideographic  end   ",
                "IBAN DE89 3704 0044 0532 0130 00, card 4111-1111-1111-1111, call +44 20 7946 0958 now!!!",
                "emoji 😀😀 mixed🚀rocket 𝐀𝐁𝐂 math letters and ½ ¾ ² ³ numbers ٣٤٥ arabic-indic digits",
                "<|endoftext|> special markers <|im_start|>user\nhello<|im_end|>",
                "x".repeat(300) + " " + "ab1".repeat(100) + "\n".repeat(50) + " ".repeat(70) + "end");
        for (String text : corpus) {
            for (int round = 0; round < 2; round++) { // the second round is served from the cache
                assertThat(COUNTER.count(text))
                        .as("count of %s", escaped(text))
                        .isEqualTo(CL100K.countTokensOrdinary(text));
            }
        }
    }

    @Provide
    Arbitrary<String> tricky() {
        return Arbitraries.strings()
                .withChars(TRICKY.toCharArray())
                .ofMinLength(0)
                .ofMaxLength(60)
                .map(TokenCounterExactnessTest::dropBrokenSurrogates);
    }

    @Provide
    Arbitrary<String> wordy() {
        Arbitrary<String> word = Arbitraries.oneOf(
                Arbitraries.of(
                        "the",
                        "The",
                        "of",
                        "function",
                        "don't",
                        "we'll",
                        "I'M",
                        "x",
                        "42",
                        "1234567",
                        "3.14",
                        "café",
                        "日本",
                        "привет",
                        "😀",
                        "can't",
                        "O'Reilly",
                        "'s",
                        "''",
                        "--",
                        "...",
                        "a_b",
                        "camelCase",
                        "HTTPServer",
                        "\u00A0",
                        "ſ"),
                Arbitraries.strings().alpha().numeric().ofMinLength(1).ofMaxLength(30));
        Arbitrary<String> gap = Arbitraries.of(
                " ", "  ", "   ", "\n", "\n\n", " \n ", "\r\n", "\t", ", ", ". ", "", " \u3000", "\n    ", "  \n\n  ");
        return Arbitraries.oneOf(word, gap).list().ofMaxSize(80).map(parts -> String.join("", parts));
    }

    @Provide
    Arbitrary<String> asciiWords() {
        Arbitrary<String> word = Arbitraries.strings()
                .withCharRange('a', 'z')
                .withCharRange('A', 'Z')
                .ofMinLength(1)
                .ofMaxLength(13);
        Arbitrary<String> lead =
                Arbitraries.of("", " ", "  ", "\t", "\n", "'", "\"", "(", ".", "_", "1", "é", "\u00A0");
        Arbitrary<String> tail = Arbitraries.of("", "", "", "é", "ſ", "日", "1", "'s", "'LL", " ", ".", "\r\n");
        return net.jqwik.api.Combinators.combine(lead, word, tail)
                .as((l, w, t) -> l + w + t)
                .list()
                .ofMaxSize(12)
                .map(parts -> String.join("", parts));
    }

    @Provide
    Arbitrary<String> anyUnicode() {
        return Arbitraries.strings().all().ofMaxLength(40).map(TokenCounterExactnessTest::dropBrokenSurrogates);
    }

    /** jtokkit asserts its input is valid UTF-16 text; prompts decoded from UTF-8 always are. */
    private static String dropBrokenSurrogates(String s) {
        StringBuilder out = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (Character.isHighSurrogate(c) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
                out.append(c).append(s.charAt(++i));
            } else if (!Character.isSurrogate(c)) {
                out.append(c);
            }
        }
        return out.toString();
    }

    private static String escaped(String s) {
        StringBuilder out = new StringBuilder();
        s.codePoints()
                .forEach(cp ->
                        out.append(cp >= 0x20 && cp < 0x7F ? Character.toString(cp) : String.format("\\u{%X}", cp)));
        return out.toString();
    }
}
