package dev.routeplane.classifier;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/** The product guarantee: traces never contain prompt text or what a detector matched. */
class TraceSafetyTest {

    private static final Classifier CLASSIFIER = new RuleBasedClassifier();

    @Property(tries = 300)
    void traceNeverContainsAnySubstringOfDetectedValues(
            @ForAll("cards") String card,
            @ForAll("emails") String email,
            @ForAll("filler") List<String> words,
            @ForAll("positions") int cardAt,
            @ForAll("positions") int emailAt) {
        List<String> tokens = new ArrayList<>(words);
        tokens.add(Math.min(cardAt, tokens.size()), card);
        tokens.add(Math.min(emailAt, tokens.size()), email);
        String prompt = String.join(" ", tokens);

        Features features = CLASSIFIER.classify(ClassifierInput.of(Message.user(prompt)));

        assertThat(features.detected(DetectionKind.PAYMENT_CARD)).isEqualTo(1);
        assertThat(features.detected(DetectionKind.EMAIL)).isEqualTo(1);
        String trace = String.join("\n", features.trace());
        for (String value : List.of(card, card.replaceAll("[ -]", ""), email)) {
            for (int i = 0; i + 8 <= value.length(); i++) {
                assertThat(trace).doesNotContain(value.substring(i, i + 8));
            }
        }
    }

    @Provide
    Arbitrary<String> cards() {
        Arbitrary<String> body = Arbitraries.strings().numeric().ofLength(14);
        Arbitrary<String> issuer = Arbitraries.of("4", "5", "3", "6");
        Arbitrary<String> separator = Arbitraries.of("", " ", "-");
        return Combinators.combine(issuer, body, separator)
                .as((i, b, sep) -> {
                    String digits = i + b;
                    String full = digits + luhnCheckDigit(digits);
                    if (sep.isEmpty()) {
                        return full;
                    }
                    return full.substring(0, 4)
                            + sep
                            + full.substring(4, 8)
                            + sep
                            + full.substring(8, 12)
                            + sep
                            + full.substring(12);
                })
                .filter(c -> !c.replaceAll("[ -]", "").chars().allMatch(ch -> ch == c.charAt(0)));
    }

    @Provide
    Arbitrary<String> emails() {
        Arbitrary<String> local = Arbitraries.strings()
                .withCharRange('a', 'z')
                .numeric()
                .withChars('.', '_')
                .ofMinLength(2)
                .ofMaxLength(16)
                .filter(s -> Character.isLetter(s.charAt(0)) && !s.endsWith("."));
        Arbitrary<String> domain =
                Arbitraries.strings().withCharRange('a', 'z').ofMinLength(3).ofMaxLength(12);
        Arbitrary<String> tld = Arbitraries.of("com", "org", "de", "co.uk", "io");
        return Combinators.combine(local, domain, tld).as((l, d, t) -> l + "@" + d + "." + t);
    }

    @Provide
    Arbitrary<List<String>> filler() {
        return Arbitraries.strings()
                .withCharRange('a', 'z')
                .withChars('é', 'ß', ',', '.')
                .ofMinLength(1)
                .ofMaxLength(10)
                .filter(w -> Character.isLetter(w.charAt(0)))
                .list()
                .ofMaxSize(60);
    }

    @Provide
    Arbitrary<Integer> positions() {
        return Arbitraries.integers().between(0, 60);
    }

    private static int luhnCheckDigit(String digits) {
        int sum = 0;
        boolean doubleIt = true;
        for (int i = digits.length() - 1; i >= 0; i--) {
            int d = digits.charAt(i) - '0';
            if (doubleIt) {
                d = d * 2 > 9 ? d * 2 - 9 : d * 2;
            }
            sum += d;
            doubleIt = !doubleIt;
        }
        return (10 - sum % 10) % 10;
    }
}
