package dev.routeplane.classifier;

import dev.routeplane.config.ContextBand;
import dev.routeplane.config.DataClass;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * Immutable settings of a {@link RuleBasedClassifier}. Start from {@link #ofDefaults()} or
 * {@link #builder()}; {@link Builder#build()} rejects inconsistent values with a message naming the
 * setting, rather than clamping them.
 */
public final class ClassifierConfig {

    private static final ClassifierConfig DEFAULTS = builder().build();

    private final TokenizerEncoding tokenizerEncoding;
    private final int perMessageOverheadTokens;
    private final int requestOverheadTokens;
    private final int shortMaxTokens;
    private final int mediumMaxTokens;
    private final int longMaxTokens;
    private final int languageSampleChars;
    private final double multilingualMinShare;
    private final Map<String, DataClass> tagDataClasses;

    private ClassifierConfig(Builder b) {
        this.tokenizerEncoding = b.tokenizerEncoding;
        this.perMessageOverheadTokens = b.perMessageOverheadTokens;
        this.requestOverheadTokens = b.requestOverheadTokens;
        this.shortMaxTokens = b.shortMaxTokens;
        this.mediumMaxTokens = b.mediumMaxTokens;
        this.longMaxTokens = b.longMaxTokens;
        this.languageSampleChars = b.languageSampleChars;
        this.multilingualMinShare = b.multilingualMinShare;
        this.tagDataClasses = Map.copyOf(b.tagDataClasses);
    }

    /** The defaults: cl100k_base, 4 tokens per message, bands 4k/32k/128k, 4 KB language sample. */
    public static ClassifierConfig ofDefaults() {
        return DEFAULTS;
    }

    /** A builder holding the defaults. */
    public static Builder builder() {
        return new Builder();
    }

    /** The band of a prompt of {@code inputTokens} tokens; each upper bound is inclusive. */
    public ContextBand bandFor(int inputTokens) {
        if (inputTokens <= shortMaxTokens) {
            return ContextBand.SHORT;
        }
        if (inputTokens <= mediumMaxTokens) {
            return ContextBand.MEDIUM;
        }
        return inputTokens <= longMaxTokens ? ContextBand.LONG : ContextBand.HUGE;
    }

    public TokenizerEncoding tokenizerEncoding() {
        return tokenizerEncoding;
    }

    /** Tokens added per message for role and framing (OpenAI's chat format uses about 4). */
    public int perMessageOverheadTokens() {
        return perMessageOverheadTokens;
    }

    /** Tokens added once per request (OpenAI primes the assistant reply with 3). */
    public int requestOverheadTokens() {
        return requestOverheadTokens;
    }

    public int shortMaxTokens() {
        return shortMaxTokens;
    }

    public int mediumMaxTokens() {
        return mediumMaxTokens;
    }

    public int longMaxTokens() {
        return longMaxTokens;
    }

    /** Characters sampled (spread over the whole prompt) for language detection. */
    public int languageSampleChars() {
        return languageSampleChars;
    }

    /** Minimum share of the sampled text a language needs to count towards {@code multilingual}. */
    public double multilingualMinShare() {
        return multilingualMinShare;
    }

    /** Lower-case tag to the data class it implies, e.g. {@code pii -> CONFIDENTIAL}. */
    public Map<String, DataClass> tagDataClasses() {
        return tagDataClasses;
    }

    /** Builds a {@link ClassifierConfig}; starts from the defaults. */
    public static final class Builder {
        private TokenizerEncoding tokenizerEncoding = TokenizerEncoding.CL100K_BASE;
        private int perMessageOverheadTokens = 4;
        private int requestOverheadTokens = 3;
        private int shortMaxTokens = 4_096;
        private int mediumMaxTokens = 32_768;
        private int longMaxTokens = 131_072;
        private int languageSampleChars = 4_096;
        private double multilingualMinShare = 0.2;
        private final Map<String, DataClass> tagDataClasses = new LinkedHashMap<>();

        private Builder() {
            tagDataClasses.put("public", DataClass.PUBLIC);
            tagDataClasses.put("internal", DataClass.INTERNAL);
            tagDataClasses.put("confidential", DataClass.CONFIDENTIAL);
            tagDataClasses.put("pii", DataClass.CONFIDENTIAL);
            tagDataClasses.put("secret", DataClass.CONFIDENTIAL);
            tagDataClasses.put("regulated", DataClass.REGULATED);
            tagDataClasses.put("phi", DataClass.REGULATED);
            tagDataClasses.put("pci", DataClass.REGULATED);
        }

        public Builder tokenizerEncoding(TokenizerEncoding encoding) {
            this.tokenizerEncoding = Objects.requireNonNull(encoding, "tokenizerEncoding");
            return this;
        }

        public Builder perMessageOverheadTokens(int tokens) {
            this.perMessageOverheadTokens = tokens;
            return this;
        }

        public Builder requestOverheadTokens(int tokens) {
            this.requestOverheadTokens = tokens;
            return this;
        }

        /** Inclusive upper bounds of the SHORT, MEDIUM and LONG bands; above the last is HUGE. */
        public Builder contextBands(int shortMax, int mediumMax, int longMax) {
            this.shortMaxTokens = shortMax;
            this.mediumMaxTokens = mediumMax;
            this.longMaxTokens = longMax;
            return this;
        }

        public Builder languageSampleChars(int chars) {
            this.languageSampleChars = chars;
            return this;
        }

        public Builder multilingualMinShare(double share) {
            this.multilingualMinShare = share;
            return this;
        }

        /** Adds or replaces a tag mapping; the tag is matched case-insensitively. */
        public Builder tagDataClass(String tag, DataClass dataClass) {
            tagDataClasses.put(tag.toLowerCase(Locale.ROOT), Objects.requireNonNull(dataClass, "dataClass"));
            return this;
        }

        public ClassifierConfig build() {
            require(
                    perMessageOverheadTokens >= 0,
                    "perMessageOverheadTokens must be >= 0, was " + perMessageOverheadTokens);
            require(requestOverheadTokens >= 0, "requestOverheadTokens must be >= 0, was " + requestOverheadTokens);
            require(
                    shortMaxTokens > 0 && shortMaxTokens < mediumMaxTokens && mediumMaxTokens < longMaxTokens,
                    "contextBands must be 0 < short < medium < long, were " + shortMaxTokens + ", " + mediumMaxTokens
                            + ", " + longMaxTokens);
            require(languageSampleChars >= 256, "languageSampleChars must be >= 256, was " + languageSampleChars);
            require(
                    multilingualMinShare > 0 && multilingualMinShare <= 0.5,
                    "multilingualMinShare must be in (0, 0.5], was " + multilingualMinShare);
            return new ClassifierConfig(this);
        }

        private static void require(boolean ok, String message) {
            if (!ok) {
                throw new IllegalArgumentException("Invalid classifier config: " + message);
            }
        }
    }
}
