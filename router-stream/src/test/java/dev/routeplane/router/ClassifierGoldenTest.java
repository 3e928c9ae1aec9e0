package dev.routeplane.router;

import static org.assertj.core.api.Assertions.assertThat;

import dev.routeplane.classifier.ClassifierInput;
import dev.routeplane.classifier.Features;
import dev.routeplane.classifier.Hints;
import dev.routeplane.classifier.Message;
import dev.routeplane.classifier.Tool;
import dev.routeplane.config.LatencyClass;
import dev.routeplane.config.TaskType;
import dev.routeplane.router.testing.GoldenFile;
import dev.routeplane.router.testing.RouterDriver;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The router's classifier over seeded random text against the golden file written by the code before the classifier
 * speed-ups: every field and trace line of the features, per input. The mixed workload ({@code
 * MixedWorkloadGoldenTest}) is realistic prose; this covers what it has little of: scripts other than Latin, emoji
 * and other surrogate pairs, whitespace and punctuation runs, contractions, numbers of every shape, near-miss card
 * numbers, IBANs, ids, phone numbers, e-mail addresses and keys, task keywords in odd places, JSON asks and tools.
 * No lone surrogates: a request's text arrives as UTF-8, which cannot carry one, and the tokenizer refuses them.
 */
class ClassifierGoldenTest {
    private static final int INPUTS = 3_000;

    private static final String[] WORDS = {
        "the",
        "and",
        "of",
        "to",
        "a",
        "in",
        "is",
        "that",
        "for",
        "it",
        "with",
        "as",
        "was",
        "on",
        "be",
        "at",
        "by",
        "this",
        "have",
        "from",
        "or",
        "not",
        "are",
        "but",
        "report",
        "meeting",
        "customer",
        "quarter",
        "revenue",
        "team",
        "please",
        "data",
        "system",
        "function",
        "class",
        "return",
        "value",
        "error",
        "bug",
        "fix",
        "test",
        "summarize",
        "summary",
        "Summarize",
        "translate",
        "Translate",
        "into",
        "English",
        "German",
        "French",
        "extract",
        "Extract",
        "classify",
        "Classify",
        "sentiment",
        "positive",
        "negative",
        "JSON",
        "json",
        "keys",
        "code",
        "Python",
        "Java",
        "SQL",
        "query",
        "refactor",
        "write",
        "explain",
        "why",
        "how",
        "TL;DR",
        "bullet",
        "points",
        "invoice",
        "total",
        "date",
        "refund",
        "reply",
        "email",
        "Draft",
        "der",
        "die",
        "und",
        "nicht",
        "ist",
        "ein",
        "le",
        "la",
        "les",
        "et",
        "est",
        "une",
        "pas",
        "el",
        "los",
        "que",
        "por",
        "il",
        "di",
        "che",
        "non",
        "de",
        "het",
        "een",
        "och",
        "att",
        "är",
        "не",
        "и",
        "в",
        "на",
        "это",
        "的",
        "是",
        "了",
        "在",
        "の",
        "は",
        "です",
        "에",
        "는",
        "이",
        "و",
        "في",
        "من",
        "και",
        "το",
        "να",
        "ve",
        "bir",
        "bu",
        "don't",
        "it's",
        "we'll",
        "I'm",
        "they've",
        "you'd",
        "O'Brien",
        "naïve",
        "café",
        "Zürich",
        "façade",
        "straße",
        "Ærø",
        "def",
        "fn",
        "let",
        "const",
        "=>",
        "->",
        "::",
        "{}",
        "[]",
        "();",
        "#include",
        "SELECT",
        "FROM",
        "WHERE",
        "classify:",
        "summarise",
        "translation",
        "résumé",
        "Übersetze",
        "Traduis",
        "Resume",
        "analyze",
        "rewrite",
    };

    private static final String[] SPECIALS = {
        "4111 1111 1111 1111",
        "4111-1111-1111-1111",
        "4111111111111111",
        "4111111111111112",
        "3782 822463 10005",
        "5500 0000 0000 0004",
        "6011000990139424",
        "1234 5678 9012",
        "4111 1111-1111 1111",
        "4111111111111111abc",
        "DE89370400440532013000",
        "DE89 3704 0044 0532 0130 00",
        "GB82 WEST 1234 5698 7654 32",
        "FR1420041010050500013M02606",
        "DE88370400440532013000",
        "ZZ89370400440532013000",
        "123-45-6789",
        "000-12-3456",
        "AB 12 34 56 C",
        "AB123456C",
        "QQ123456C",
        "+1 415 555 2671",
        "+44 20 7946 0958",
        "+4930123456",
        "(415) 555-2671",
        "415-555-2671",
        "415.555.2671",
        "1-800-555-2671",
        "020 7946 0958",
        "01 23 45 67 89",
        "030 1234567",
        "2024-01-15",
        "192.168.1.1",
        "3.14159265",
        "1,299.00",
        "1234567890",
        "ada@example.com",
        "a.b+c@mail.co.uk",
        "x@y",
        "@",
        "sk-proj-Ab3dEf6hIj9kLm2nOp5qRs8t",
        "sk-ant-api03-abcdefghijklmnopqrstuv",
        "AKIAIOSFODNN7EXAMPLE",
        "ASIAIOSFODNN7EXAMPLE",
        "AIzaSyA1b2C3d4E5f6G7h8I9j0K1l2M3n4O5p6Q",
        "ghp_0123456789abcdefghijABCDEFGHIJklmnop",
        "github_pat_11ABCDEFG0123456789_abcdefghijkl",
        "xoxb-123456789012-abcdefghij",
        "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0In0.abcdefghijklmn",
        "-----BEGIN RSA PRIVATE KEY-----",
        "api_key=Zx8Qw3Er5Ty7Ui9Op2",
        "password: \"hG7#kL2$mN9pQ4\"",
        "token: 500",
        "secret=aaaaaaaaaaaa",
        "Return the answer as JSON.",
        "respond in json with keys a, b",
        "```python\nprint(1)\n```",
        "```json\n{\"a\": 1}\n```",
        "<|endoftext|>",
        "<|im_start|>",
        "\uD83D\uDE00",
        "\uD83D\uDC4D\uD83C\uDFFD",
        "\uD83C\uDDE9\uD83C\uDDEA",
        "e\u0301",
        "\u00A0",
        "\u200B",
        "\u2028",
        "\t\t",
        "\r\n",
        "\n\n\n",
        "        ",
        "...",
        "!!!",
        "???",
        "—",
        "–",
        "«»",
        "„“",
        "’",
        "''",
        "\"\"",
        "\\",
        "%%",
        "$$$",
        "1e10",
        "0x1F",
        "12345678901234567890",
        "٣٤٥",
        "१२३",
        "Ω",
        "ß",
        "İ",
        "ǅ",
        "ﬁ",
        "Ａ",
        "😀😀😀",
    };

    private static final String[] ROLES = {"system", "user", "user", "user", "assistant", "developer", "tool"};
    private static final String[] FORMATS = {null, null, null, "json_object", "text", "json_schema", " JSON "};
    private static final String[] TAGS = {"confidential", "pii", "no_training_on_data", "eu_data_residency", "x"};

    @Test
    void featuresOfSeededRandomTextMatchTheGoldenFileInputByInput() {
        SplittableRandom random = new SplittableRandom(20261206L);
        List<String> lines = new ArrayList<>(INPUTS);
        for (int i = 0; i < INPUTS; i++) {
            ClassifierInput input = input(random);
            Features f = RouterDriver.CLASSIFIER.classify(input);
            lines.add(i + " " + f.taskType() + " " + f.inputTokens() + " " + f.dataClass() + " " + f.languages()
                    + " features=" + GoldenFile.digest(f.toString()));
        }

        assertThat(lines).hasSize(INPUTS);
        GoldenFile.check("classifier-random-text.txt", lines);
    }

    private static ClassifierInput input(SplittableRandom random) {
        int messages = 1 + random.nextInt(3);
        List<Message> list = new ArrayList<>(messages);
        // mostly up to 2 KB, sometimes up to 12 KB, to cross the language sample and the context bands
        int budget = random.nextInt(10) == 0 ? random.nextInt(12_000) : random.nextInt(2_000);
        for (int m = 0; m < messages; m++) {
            list.add(new Message(ROLES[random.nextInt(ROLES.length)], text(random, budget / messages)));
        }
        Hints.Builder hints = Hints.builder().responseFormat(FORMATS[random.nextInt(FORMATS.length)]);
        if (random.nextInt(8) == 0) {
            hints.taskType(TaskType.values()[random.nextInt(TaskType.values().length)]);
        }
        if (random.nextInt(4) == 0) {
            hints.latencyClass(LatencyClass.values()[random.nextInt(LatencyClass.values().length)]);
        }
        if (random.nextInt(6) == 0) {
            hints.tags(TAGS[random.nextInt(TAGS.length)]);
        }
        if (random.nextInt(6) == 0) {
            hints.tools(new Tool(
                    random.nextBoolean() ? "send_email" : "lookup " + WORDS[random.nextInt(WORDS.length)],
                    random.nextBoolean(),
                    random.nextBoolean() ? text(random, 120) : null,
                    random.nextBoolean()
                            ? "{\"type\":\"object\",\"description\":\"" + text(random, 80) + "\"}"
                            : null));
        }
        return new ClassifierInput(list, hints.build());
    }

    /** About {@code chars} characters of words, specials and separators, some of them glued or cut. */
    private static String text(SplittableRandom random, int chars) {
        StringBuilder sb = new StringBuilder(chars + 64);
        while (sb.length() < chars) {
            int pick = random.nextInt(100);
            if (pick < 70) {
                sb.append(WORDS[random.nextInt(WORDS.length)]);
            } else if (pick < 85) {
                String s = SPECIALS[random.nextInt(SPECIALS.length)];
                // now and then a near miss: one character of the special dropped
                if (random.nextInt(5) == 0 && s.length() > 2) {
                    int cut = random.nextInt(s.length());
                    if (!Character.isSurrogate(s.charAt(cut))) {
                        s = s.substring(0, cut) + s.substring(cut + 1);
                    }
                }
                sb.append(s);
            } else if (pick < 92) {
                sb.append((char) (0x20 + random.nextInt(0x5F))); // any printable ASCII
            } else {
                sb.append(random.nextInt(1_000_000));
            }
            int sep = random.nextInt(20);
            sb.append(sep < 14 ? " " : sep < 16 ? ", " : sep < 17 ? ".\n" : sep < 18 ? "\n\n" : sep < 19 ? "" : "  ");
        }
        return sb.toString();
    }
}
