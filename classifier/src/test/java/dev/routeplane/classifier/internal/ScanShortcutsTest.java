package dev.routeplane.classifier.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.routeplane.classifier.DetectionKind;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;

/**
 * The scanner skips characters that cannot start a match (the rest of a word, ordinary words starting with a
 * capital or a key prefix letter). These tests compare it with the plain form it replaced: every character tried
 * in turn, at every token start every detector run.
 */
class ScanShortcutsTest {

    private static final String[] FRAGMENTS = {
        "4111 1111 1111 1111",
        "4111-1111-1111-1111",
        "4111111111111111",
        "3782 822463 10005",
        "qty 2 4111 1111 1111 1111",
        "4111111111111111abc",
        "DE89370400440532013000",
        "DE89 3704 0044 0532 0130 00",
        "GB82 WEST 1234 5698 7654 32",
        "123-45-6789",
        "AB 12 34 56 C",
        "AB123456C",
        "+1 (555) 010-9999",
        "+44 20 7946 0958",
        "(415) 555-2671",
        "020 7946 0958",
        "ada@example.com",
        "a.b+c@mail.co.uk",
        "x@y",
        "sk-proj-Ab3dEf6hIj9kLm2nOp5qRs8t",
        "AKIAIOSFODNN7EXAMPLE",
        "AIzaSyA1b2C3d4E5f6G7h8I9j0K1l2M3n4O5p6Q",
        "ghp_0123456789abcdefghijABCDEFGHIJklmnop",
        "github_pat_11ABCDEFG0123456789_abcdefghijkl",
        "xoxb-123456789012-abcdefghij",
        "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0In0.abcdefghijklmn",
        "-----BEGIN RSA PRIVATE KEY-----",
        "api_key=Zx8Qw3Er5Ty7Ui9Op2",
        "password: \"hG7#kL2$mN9pQ4\"",
        "token: 500",
        "sky",
        "eyes",
        "gift",
        "xerox",
        "Sales",
        "EU",
        "IBAN",
        "A",
        "-",
        "--",
        "e",
        "s",
        "_x",
        "x_",
        "café",
        "naïve",
        "日本",
        "Ω4111 1111 1111 1111",
        "é4111111111111111",
        "٣4111 1111 1111 1111",
        "\uD83D\uDE00AKIAIOSFODNN7EXAMPLE",
    };

    @Property(tries = 2000)
    void findsWhatTheCharacterByCharacterScanFinds(@ForAll("texts") String text) {
        DetectionTally fast = new DetectionTally();
        SensitiveDataScanner.scan(text, fast);

        assertThat(fast.toList()).as(text).isEqualTo(referenceScan(text).toList());
    }

    @Test
    void secondCharacterFilterAdmitsEveryPrefixTheMatcherKnows() {
        for (String prefix : new String[] {"sk-", "gho_", "ghp_", "github_pat_", "xoxb-", "eyJ", "-----BEGIN "}) {
            assertThat(SecretMatcher.mayStartPrefixed(prefix.charAt(0), prefix.charAt(1)))
                    .as(prefix)
                    .isTrue();
        }
        assertThat(SecretMatcher.mayStartPrefixed('s', 'a')).isFalse();
        assertThat(SecretMatcher.mayStartPrefixed('e', 'x')).isFalse();
    }

    @Test
    void findsASecretRightAfterAWordThatWasSkipped() {
        DetectionTally tally = new DetectionTally();
        SensitiveDataScanner.scan("Sales,sk-proj-Ab3dEf6hIj9kLm2nOp5qRs8t;AKIAIOSFODNN7EXAMPLE", tally);

        assertThat(tally.count(DetectionKind.SECRET)).isEqualTo(2);
    }

    @Provide
    Arbitrary<String> texts() {
        Arbitrary<String> fragment = Arbitraries.of(FRAGMENTS);
        Arbitrary<String> noise =
                Arbitraries.strings().withChars("aesgxAZ09_-+(@=: .,\n'\"é日").ofMaxLength(6);
        return Arbitraries.oneOf(fragment, noise).list().ofMaxSize(12).map(parts -> String.join("", parts));
    }

    /** The scan loop as it was before the shortcuts: each character looked at, each token start tried. */
    private static DetectionTally referenceScan(String text) {
        DetectionTally tally = new DetectionTally();
        int i = 0;
        while (i < text.length()) {
            char c = text.charAt(i);
            int next = i + 1;
            boolean tokenStart = Chars.atTokenStart(text, i);
            if (Chars.isDigit(c) || c == '+' || c == '(') {
                if (tokenStart) {
                    next = NumberRunDetector.scan(text, i, tally);
                }
            } else if (c == '@') {
                int end = EmailMatcher.match(text, i);
                if (end > 0) {
                    tally.add(DetectionKind.EMAIL);
                    next = end;
                }
            } else if (c == '=' || c == ':') {
                int end = SecretMatcher.matchAssignment(text, i);
                if (end > 0) {
                    tally.add(DetectionKind.SECRET);
                    next = end;
                }
            } else if ((Chars.isUpper(c) || "sgxe-".indexOf(c) >= 0) && tokenStart) {
                next = referenceWordStart(text, i, tally);
            }
            i = Math.max(next, i + 1);
        }
        return tally;
    }

    private static int referenceWordStart(String text, int i, DetectionTally tally) {
        int end = SecretMatcher.matchPrefixed(text, i);
        if (end > 0) {
            tally.add(DetectionKind.SECRET);
            return end;
        }
        if (Chars.isUpper(text.charAt(i))) {
            if ((end = Iban.match(text, i)) > 0) {
                tally.add(DetectionKind.IBAN);
                return end;
            }
            if ((end = UkNino.match(text, i)) > 0) {
                tally.add(DetectionKind.NATIONAL_ID);
                return end;
            }
        }
        return i + 1;
    }
}
