package dev.routeplane.learning;

import dev.routeplane.cascade.StageAnswers;
import dev.routeplane.cascade.signal.AnswerExtractor;
import dev.routeplane.cascade.signal.FormatValidation;
import dev.routeplane.cascade.signal.LowConfidence;
import dev.routeplane.learning.internal.BucketAccumulator;
import dev.routeplane.learning.internal.Hashing;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;

/**
 * Features of one model's answer to a prompt, for the answer scorer: P(correct | prompt, answer, model). Generic, with
 * nothing of any task or answer format in it:
 *
 * <ul>
 *   <li>the prompt's and the answer's hashed word unigrams, bigrams and character 4-grams, each text in its own hash
 *       space ({@link HashingPromptFeaturizer} with a salt) and L2-normalised on its own;
 *   <li>the answer's form: its length and line count (log buckets), whether it is empty, short, hedges, is one valid
 *       JSON object, holds a code block (and leaves one open), what kind of final answer it gives (an option, a number,
 *       code, free text) and how it ends;
 *   <li>how it relates to the prompt: the share of its words that the prompt has, and its length against the prompt's;
 *   <li>its agreement with other models' answers to the same prompt, when there are any: the share whose extracted
 *       final answer ({@link AnswerExtractor}) is the same, whether it agrees with each of those models (weighted
 *       1/k over k peers, so one peer weighs as much as ten), and the prompt's words crossed with agree/disagree, so
 *       the model learns on which kinds of prompt agreement is worth more.
 * </ul>
 *
 * <p>The work is split so that a learner can compute it as the pieces arrive: the prompt side when the request is
 * seen ({@link #prompt}), the answer side when its result is ({@link #answer}), agreement when feedback comes
 * ({@link #vector}). Immutable and thread-safe.
 */
public final class AnswerFeaturizer {
    /** An answer no final answer could be extracted from agrees with nothing. */
    public static final int NO_ANSWER = 0;

    private static final int SALT_PROMPT = 0x5A;
    private static final int SALT_ANSWER = 0xA5;
    private static final int SEED_FORM = 0x77;
    private static final int SEED_CROSS = 0x78;
    private static final int SEED_WORD = 0x79;
    private static final int SEED_ANSWER_KEY = 0x7A;
    private static final int MAX_PROMPT_WORDS = 256;
    private static final LowConfidence HEDGES = LowConfidence.ofDefaults();
    private static final FormatValidation JSON_OBJECT = new FormatValidation(Set.of());

    private final int bits;
    private final int maxChars;
    private final HashingPromptFeaturizer promptText;
    private final HashingPromptFeaturizer answerText;

    /**
     * @param bits     log2 of the bucket count, 10..26
     * @param maxChars characters of a prompt or an answer read at most (head and tail halves), at least 64
     */
    public AnswerFeaturizer(int bits, int maxChars) {
        this.promptText = new HashingPromptFeaturizer(bits, maxChars, SALT_PROMPT);
        this.answerText = new HashingPromptFeaturizer(bits, maxChars, SALT_ANSWER);
        this.bits = bits;
        this.maxChars = maxChars;
    }

    /** Names this featurizer in snapshots, e.g. {@code answer-v1/16/4096}: scorers trained under another are ignored. */
    public String id() {
        return String.format(Locale.ROOT, "answer-v1/%d/%d", bits, maxChars);
    }

    /** Number of hash buckets; every index is below it. */
    public int dimension() {
        return 1 << bits;
    }

    /**
     * What the features need of a prompt.
     *
     * @param text  the prompt's hashed n-grams, normalised
     * @param words its distinct word hashes, sorted (at most {@value #MAX_PROMPT_WORDS}: the rarest are dropped last
     *              only by hash order, which is as good as random)
     * @param chars its length in characters
     */
    public record PromptSide(SparseVector text, int[] words, int chars) {
        public PromptSide {
            Objects.requireNonNull(text, "text");
            words = words.clone();
        }

        @Override
        public int[] words() {
            return words.clone();
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof PromptSide p
                    && p.chars == chars
                    && p.text.equals(text)
                    && Arrays.equals(p.words, words);
        }

        @Override
        public int hashCode() {
            return 31 * text.hashCode() + Arrays.hashCode(words);
        }

        @Override
        public String toString() {
            return "PromptSide[words=" + words.length + ", chars=" + chars + "]";
        }
    }

    /**
     * What the features need of one answer.
     *
     * @param own         every feature that does not depend on other answers
     * @param fingerprint a hash of its extracted final answer; {@link #NO_ANSWER} when none could be extracted
     */
    public record AnswerSide(SparseVector own, int fingerprint) {
        public AnswerSide {
            Objects.requireNonNull(own, "own");
        }
    }

    /** Another model's answer to the same prompt, as agreement needs it. */
    public record Peer(String model, int fingerprint) {
        public Peer {
            Objects.requireNonNull(model, "model");
        }
    }

    /** The prompt side of {@code promptText}. */
    public PromptSide prompt(String promptText) {
        String text = promptText == null ? "" : promptText;
        return new PromptSide(this.promptText.featurize(text, null), words(text), text.length());
    }

    /** The answer side of {@code answerText} given to the prompt {@code prompt}. */
    public AnswerSide answer(PromptSide prompt, String answerText) {
        String text = answerText == null ? "" : answerText;
        String stripped = text.strip();
        SparseVector answerGrams = text.isEmpty() ? SparseVector.empty() : this.answerText.featurize(text, null);
        BucketAccumulator acc = new BucketAccumulator(prompt.text().size() + answerGrams.size() + 32);
        add(acc, prompt.text());
        add(acc, answerGrams);

        String extracted = AnswerExtractor.extract(text);
        form(acc, "len=" + log2(text.length()));
        form(acc, "lines=" + log2(lines(stripped)));
        if (stripped.isEmpty()) {
            form(acc, "empty");
        }
        int wordCount = stripped.isEmpty() ? 0 : stripped.split("\\s+").length;
        if (wordCount > 0 && wordCount <= 3) {
            form(acc, "short");
        }
        int fences = count(text, "```");
        if (fences > 0) {
            form(acc, "fence");
        }
        if (fences % 2 == 1) {
            form(acc, "fence-open");
        }
        form(acc, "kind=" + kind(extracted));
        form(acc, "end=" + ending(stripped));
        if (!stripped.isEmpty()
                && HEDGES.evaluate(StageAnswers.ofTexts(stripped)).escalate()) {
            form(acc, "hedges");
        }
        if (!stripped.isEmpty()
                && !JSON_OBJECT.evaluate(StageAnswers.ofTexts(stripped)).escalate()) {
            form(acc, "json-object");
        }
        int[] answerWords = words(text);
        if (answerWords.length > 0) {
            int shared = 0;
            for (int w : answerWords) {
                if (Arrays.binarySearch(prompt.words, w) >= 0) {
                    shared++;
                }
            }
            form(acc, "overlap=" + (4 * shared / answerWords.length));
        }
        int ratio = (int) Math.floor(Math.log((text.length() + 1.0) / (prompt.chars() + 1.0)) / Math.log(2));
        form(acc, "ratio=" + Math.max(-6, Math.min(4, ratio)));
        return new AnswerSide(vector(acc), fingerprint(extracted));
    }

    /**
     * The answer's full vector: its own features plus its agreement with {@code peers}, the other models' answers to
     * the same prompt (empty when there are none).
     */
    public SparseVector vector(PromptSide prompt, AnswerSide answer, List<Peer> peers) {
        BucketAccumulator acc =
                new BucketAccumulator(answer.own().size() + 2 * prompt.words.length + 4 * peers.size() + 32);
        add(acc, answer.own());
        if (peers.isEmpty()) {
            form(acc, "peers=none");
            return vector(acc);
        }
        int agreeing = 0;
        float each = 1f / peers.size();
        for (Peer p : peers) {
            boolean agrees = answer.fingerprint() != NO_ANSWER && p.fingerprint() == answer.fingerprint();
            agreeing += agrees ? 1 : 0;
            acc.add(bucket(Hashing.of((agrees ? "agrees-with=" : "differs-from=") + p.model(), SEED_FORM)), each);
        }
        double share = agreeing / (double) peers.size();
        form(acc, "peers=" + Math.min(peers.size(), 4));
        acc.add(bucket(Hashing.of("agree-share", SEED_FORM)), (float) share);
        String side = share >= 0.5 ? "agreed" : "disputed";
        form(acc, side);
        if (prompt.words.length > 0) {
            float weight = (float) (1 / Math.sqrt(prompt.words.length));
            int seed = Hashing.of(side, SEED_CROSS);
            for (int w : prompt.words) {
                acc.add(bucket(Hashing.mix(w, seed)), weight);
            }
        }
        return vector(acc);
    }

    /** The full vector at once: what an executor judging a cascade's answers computes. */
    public SparseVector featurize(String promptText, String answerText, List<Peer> peers) {
        PromptSide p = prompt(promptText);
        return vector(p, answer(p, answerText), peers);
    }

    /** The fingerprint of an answer's extracted final answer ({@link AnswerSide#fingerprint()}). */
    public static int fingerprintOf(String answerText) {
        return fingerprint(AnswerExtractor.extract(answerText));
    }

    private static int fingerprint(String extracted) {
        if (extracted.isEmpty() || extracted.endsWith(":")) {
            return NO_ANSWER;
        }
        int h = Hashing.of(extracted, SEED_ANSWER_KEY);
        return h == NO_ANSWER ? 1 : h;
    }

    /** The kind of final answer: an option letter, a number, code, free text, or none. */
    private static String kind(String extracted) {
        if (extracted.isEmpty() || extracted.endsWith(":")) {
            return "none";
        }
        if (extracted.startsWith("opt:")) {
            return Character.isLetter(extracted.charAt(extracted.length() - 1)) ? "option" : "number";
        }
        return extracted.startsWith("code:") ? "code" : "text";
    }

    private static String ending(String stripped) {
        if (stripped.isEmpty()) {
            return "none";
        }
        char c = stripped.charAt(stripped.length() - 1);
        if (c == '.' || c == '!' || c == '?') {
            return "sentence";
        }
        if (c == '`') {
            return "fence";
        }
        return Character.isLetterOrDigit(c) ? "word" : "symbol";
    }

    private static int lines(String text) {
        return text.isEmpty() ? 0 : count(text, "\n") + 1;
    }

    private static int count(String text, String token) {
        int n = 0;
        for (int i = text.indexOf(token); i >= 0; i = text.indexOf(token, i + token.length())) {
            n++;
        }
        return n;
    }

    private static int log2(int n) {
        return 31 - Integer.numberOfLeadingZeros(n + 1);
    }

    /** Distinct hashes of the lower-cased letter-or-digit runs of {@code text}, sorted, at most a bounded number. */
    private int[] words(String text) {
        String read = text.length() <= maxChars
                ? text
                : text.substring(0, maxChars / 2) + "\n" + text.substring(text.length() - maxChars / 2);
        int[] out = new int[16];
        int n = 0;
        int h = 0;
        int len = 0;
        for (int i = 0; i <= read.length(); i++) {
            char c = i < read.length() ? Character.toLowerCase(read.charAt(i)) : ' ';
            if (Character.isLetterOrDigit(c)) {
                h = len == 0 ? (0x811C9DC5 ^ c) * 0x01000193 : (h ^ c) * 0x01000193;
                len++;
            } else if (len > 0) {
                if (n == out.length) {
                    out = Arrays.copyOf(out, n * 2);
                }
                out[n++] = Hashing.mix(h, SEED_WORD);
                len = 0;
            }
        }
        int[] distinct = Arrays.stream(out, 0, n).distinct().sorted().toArray();
        return distinct.length <= MAX_PROMPT_WORDS ? distinct : Arrays.copyOf(distinct, MAX_PROMPT_WORDS);
    }

    private void form(BucketAccumulator acc, String name) {
        acc.add(bucket(Hashing.of(name, SEED_FORM)), 1f);
    }

    private int bucket(int hash) {
        return hash >>> (32 - bits);
    }

    private static void add(BucketAccumulator acc, SparseVector v) {
        for (int i = 0; i < v.size(); i++) {
            acc.add(v.index(i), v.value(i));
        }
    }

    private static SparseVector vector(BucketAccumulator acc) {
        int[] idx = acc.sortedIndices();
        float[] val = new float[idx.length];
        for (int i = 0; i < idx.length; i++) {
            val[i] = acc.get(idx[i]);
        }
        return SparseVector.wrap(idx, val);
    }
}
