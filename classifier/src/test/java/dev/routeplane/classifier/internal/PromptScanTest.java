package dev.routeplane.classifier.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.routeplane.config.ContextBand;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;

/**
 * The one pass over a message must give exactly what the three separate scans give: the same detections, the same
 * language shares (the same doubles added in the same order) and the same task. Compared here on random and
 * adversarial messages: other scripts, surrogate pairs (whole and cut), runs of digits, whitespace and punctuation,
 * secrets and numbers at message ends, keywords, stopwords of several languages, empty messages.
 */
class PromptScanTest {

    private static final String[] FRAGMENTS = {
        "",
        " ",
        "   \t  ",
        "\n\n\r\n",
        "...!!!???;;;",
        "0000000000000000000000",
        "4111 1111 1111 1111",
        "4111111111111111",
        "+1 (555) 010-9999",
        "123-45-6789",
        "AB 12 34 56 C",
        "DE89 3704 0044 0532 0130 00",
        "ada@example.com",
        "sk-proj-Ab3dEf6hIj9kLm2nOp5qRs8t",
        "AKIAIOSFODNN7EXAMPLE",
        "api_key=Zx8Qw3Er5Ty7Ui9Op2",
        "password: \"hG7#kL2$mN9pQ4\"",
        "-----BEGIN RSA PRIVATE KEY-----",
        "Summarize the following",
        "summary",
        "in summary",
        "translate into French",
        "Übersetze ins Deutsche",
        "return JSON",
        "step by step",
        "write a python function",
        "classify the sentiment",
        "extract the fields",
        "write a poem",
        "the and of to is in that",
        "le la les et des une est",
        "der die und das ist nicht",
        "el los las y que por una",
        "questo della sono però",
        "não você são também",
        "één voor niet maar",
        "zażółć gęślą jaźń",
        "Привет, как дела? Это тест.",
        "Привіт, як справи? Це її тест.",
        "Γειά σου κόσμε",
        "مرحبا بالعالم",
        "שלום עולם",
        "नमस्ते दुनिया",
        "สวัสดีชาวโลก",
        "안녕하세요 세계",
        "こんにちは世界、カタカナ",
        "你好世界中文文本",
        "\uD83D\uDE00\uD83D\uDE80",
        "\uD835\uDC00\uD835\uDC01",
        "\uD83D", // a lone high surrogate
        "\uDE00", // a lone low surrogate
        "naïve café façade",
        "ǅemal ǈubljana",
        "ſtill",
        "don't we'll I'm they've",
        "x=1; y: 2; z==3",
        "e-mail s- g- x- --",
    };

    private static final String[] ROLES = {"system", "user", "assistant", "user"};

    private final TaskTypeRules rules = new TaskTypeRules();
    private final LanguageDetector languages = new LanguageDetector();

    @Property(tries = 3000)
    void findsWhatTheSeparateScansFind(@ForAll("requests") List<String[]> messages) {
        assertSameAsSeparateScans(messages);
    }

    @Test
    void findsWhatTheSeparateScansFindInPromptsUpToTheLanguageSample() {
        SplittableRandom random = new SplittableRandom(7);
        for (int r = 0; r < 500; r++) {
            List<String[]> messages = new ArrayList<>();
            int count = 1 + random.nextInt(4);
            for (int m = 0; m < count; m++) {
                StringBuilder text = new StringBuilder();
                int target = random.nextInt(4096 / count);
                while (text.length() < target) {
                    text.append(FRAGMENTS[random.nextInt(FRAGMENTS.length)]);
                    text.append(random.nextInt(3) == 0 ? "" : " ");
                }
                text.setLength(Math.min(text.length(), target)); // may cut a surrogate pair or a secret
                messages.add(new String[] {ROLES[random.nextInt(ROLES.length)], text.toString()});
            }
            assertSameAsSeparateScans(messages);
        }
    }

    @Test
    void coversOnlyPromptsThatTheLanguageSampleAndTheKeywordHeadReadWhole() {
        assertThat(PromptScan.covers(4096, 4096)).isTrue();
        assertThat(PromptScan.covers(0, 256)).isTrue();
        assertThat(PromptScan.covers(4097, 8192)).isFalse();
        assertThat(PromptScan.covers(1025, 1024)).isFalse();
    }

    @Provide
    Arbitrary<List<String[]>> requests() {
        Arbitrary<String> noise = Arbitraries.strings()
                .withChars("aesgxAZ09_-+(@=: .,\n\t'\"éü日ыΩ\uD83D\uDE00")
                .ofMaxLength(12);
        Arbitrary<String> text = Arbitraries.oneOf(Arbitraries.of(FRAGMENTS), noise)
                .list()
                .ofMaxSize(16)
                .map(parts -> String.join("", parts));
        Arbitrary<String[]> message = Arbitraries.of(ROLES).flatMap(role -> text.map(t -> new String[] {role, t}));
        return message.list().ofMinSize(1).ofMaxSize(4);
    }

    private void assertSameAsSeparateScans(List<String[]> messages) {
        int lastUser = -1;
        for (int i = 0; i < messages.size(); i++) {
            lastUser = messages.get(i)[0].equals("user") ? i : lastUser;
        }
        DetectionTally separateTally = new DetectionTally();
        List<String> contents = new ArrayList<>();
        List<String> systemPrompts = new ArrayList<>();
        DetectionTally oneTally = new DetectionTally();
        PromptScan one = new PromptScan(rules, languages, oneTally);
        for (int i = 0; i < messages.size(); i++) {
            String role = messages.get(i)[0];
            String text = messages.get(i)[1];
            SensitiveDataScanner.scan(text, separateTally);
            contents.add(text);
            if (role.equals("system")) {
                systemPrompts.add(text);
                one.system(text);
            } else if (i == lastUser) {
                one.lastUser(text);
            } else {
                one.other(text);
            }
        }
        String user = lastUser < 0 ? null : messages.get(lastUser)[1];
        String what = messages.stream().map(m -> m[0] + ": " + m[1]).toList().toString();

        assertThat(oneTally.toList()).as(what).isEqualTo(separateTally.toList());
        // A sample larger than every generated prompt, so the separate detector reads every character too.
        assertThat(one.languages()).as(what).isEqualTo(languages.detect(contents, 1 << 20));
        for (ContextBand band : ContextBand.values()) {
            assertThat(one.task(band)).as(what).isEqualTo(rules.infer(systemPrompts, user, band));
        }
    }
}
