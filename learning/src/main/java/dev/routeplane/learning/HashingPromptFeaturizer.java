package dev.routeplane.learning;

import dev.routeplane.learning.internal.BucketAccumulator;
import dev.routeplane.learning.internal.Hashing;
import java.util.Collection;

/**
 * Feature hashing of a prompt: lower-cased word unigrams and bigrams plus character 4-grams, signed
 * (a second hash bit picks ±1 so collisions cancel in expectation), tf log-scaled and L2-normalised
 * together; then the request's categorical features (the classifier's task type, context band, top languages, JSON,
 * tools, vision, multilingual: {@code Features.categories()}) as one-hot entries of weight 1, outside the
 * normalisation so they stay as strong on a 10 KB prompt as on a one-liner.
 *
 * <p>Long prompts are featurized from their first and last {@code maxChars/2} characters: the router
 * needs a bounded cost per request, and in practice the instruction sits at the start and the actual
 * question at the end. Immutable and thread-safe.
 */
public final class HashingPromptFeaturizer implements PromptFeaturizer {

    private static final int SEED_WORD = 0x11;
    private static final int SEED_BIGRAM = 0x22;
    private static final int SEED_CHAR = 0x33;
    private static final int SEED_CATEGORY = 0x44;

    private final int bits;
    private final int maxChars;
    private final int salt;

    /**
     * @param bits log2 of the bucket count, 10..26
     * @param maxChars prompt characters read at most (head and tail halves), at least 64
     */
    public HashingPromptFeaturizer(int bits, int maxChars) {
        this(bits, maxChars, 0);
    }

    /**
     * As {@link #HashingPromptFeaturizer(int, int)}, hashing into its own space: texts featurized under different
     * salts (a prompt and an answer, say) share no buckets except by collision, so one linear model can weigh the
     * same word differently in each. Salt 0 is the prompt featurizer's space.
     */
    public HashingPromptFeaturizer(int bits, int maxChars, int salt) {
        if (bits < 10 || bits > 26) {
            throw new IllegalArgumentException("bits must be in 10..26, was " + bits);
        }
        if (maxChars < 64) {
            throw new IllegalArgumentException("maxChars must be at least 64, was " + maxChars);
        }
        this.bits = bits;
        this.maxChars = maxChars;
        this.salt = salt * 0x9E3779B9;
    }

    /** 2^18 buckets, 4096 characters. */
    public static HashingPromptFeaturizer ofDefaults() {
        return new HashingPromptFeaturizer(18, 4096);
    }

    @Override
    public int dimension() {
        return 1 << bits;
    }

    @Override
    public SparseVector featurize(String promptText, Collection<String> categories) {
        String text = promptText.length() <= maxChars
                ? promptText
                : promptText.substring(0, maxChars / 2) + "\n"
                        + promptText.substring(promptText.length() - maxChars / 2);
        BucketAccumulator acc = new BucketAccumulator(text.length() * 3 + 32);
        addText(text, acc);
        int[] idx = acc.sortedIndices();
        float[] val = new float[idx.length];
        double sq = 0;
        for (int i = 0; i < idx.length; i++) {
            float c = acc.get(idx[i]);
            float v = (float) (Math.signum(c) * Math.log1p(Math.abs(c)));
            val[i] = v;
            sq += (double) v * v;
        }
        if (sq > 0) {
            float inv = (float) (1 / Math.sqrt(sq));
            for (int i = 0; i < val.length; i++) {
                val[i] *= inv;
            }
        }
        if (categories == null || categories.isEmpty()) {
            return SparseVector.wrap(idx, val);
        }
        BucketAccumulator all = new BucketAccumulator(idx.length + categories.size() + 16);
        for (int i = 0; i < idx.length; i++) {
            all.add(idx[i], val[i]);
        }
        for (String category : categories) {
            addCategory(all, category);
        }
        int[] outIdx = all.sortedIndices();
        float[] outVal = new float[outIdx.length];
        for (int i = 0; i < outIdx.length; i++) {
            outVal[i] = all.get(outIdx[i]);
        }
        return SparseVector.wrap(outIdx, outVal);
    }

    private void addCategory(BucketAccumulator acc, String name) {
        // Unsigned and not log-scaled: a one-hot indicator, collisions with text buckets are rare at 2^18.
        int h = Hashing.of(name, SEED_CATEGORY ^ salt);
        acc.add(h >>> (32 - bits), 1f);
    }

    private void addText(String text, BucketAccumulator acc) {
        int prevWord = 0;
        boolean havePrev = false;
        int word = 0x811C9DC5;
        int wordLen = 0;
        long gram = 0;
        int gramLen = 0;
        char last = ' ';
        for (int i = 0, n = text.length(); i <= n; i++) {
            char raw = i < n ? text.charAt(i) : ' ';
            char c = Character.toLowerCase(raw);
            boolean wordChar = Character.isLetterOrDigit(c);
            if (wordChar) {
                word = (word ^ c) * 0x01000193;
                wordLen++;
            } else if (wordLen > 0) {
                addSigned(acc, Hashing.mix(word, SEED_WORD ^ salt));
                if (havePrev) {
                    addSigned(acc, Hashing.mix(prevWord * 0x9E3779B1 + word, SEED_BIGRAM ^ salt));
                }
                prevWord = word;
                havePrev = true;
                word = 0x811C9DC5;
                wordLen = 0;
            }
            // Character 4-grams over whitespace-collapsed text: robust to tokenisation, catch code syntax.
            char g = Character.isWhitespace(c) ? ' ' : c;
            if (g == ' ' && last == ' ') {
                continue;
            }
            last = g;
            gram = (gram << 16) | g;
            if (++gramLen >= 4) {
                addSigned(acc, Hashing.mix64(gram, SEED_CHAR ^ salt));
            }
        }
    }

    private void addSigned(BucketAccumulator acc, int h) {
        acc.add(h >>> (32 - bits), (h & 1) == 0 ? 1f : -1f);
    }
}
