package dev.routeplane.classifier.internal;

import java.util.ArrayList;
import java.util.List;

/**
 * Detects natural languages from a bounded sample of the prompt: the script of each letter decides
 * non-Latin languages (kana makes CJK Japanese, Hangul Korean, Han alone Chinese; Ukrainian-only
 * letters make Cyrillic Ukrainian), and Latin text is split between languages by stopword hits. The
 * sample is a few windows spread evenly over all messages, so cost is bounded whatever the prompt
 * size and a second language late in a long prompt is still seen. Immutable and thread-safe.
 */
public final class LanguageDetector {

    private static final int WINDOWS = 4;
    /** Below these a script or stopword count is noise (a Greek "π" in a formula, one stray "die"). */
    private static final int MIN_SCRIPT_LETTERS = 10;

    private static final double MIN_STOPWORD_HITS = 2.0;
    private static final double MIN_RELATIVE_HITS = 0.2;
    private static final double MIN_SECONDARY_HITS = 3.0;
    /** Languages under this share are left out of the list entirely. */
    private static final double MIN_LISTED_SHARE = 0.05;
    /** A CJK character carries about as much text as two Latin letters. */
    private static final int CJK_WEIGHT = 2;

    private enum Script {
        LATIN,
        CYRILLIC,
        UKRAINIAN,
        GREEK,
        ARABIC,
        HEBREW,
        DEVANAGARI,
        THAI,
        HANGUL,
        KANA,
        HAN
    }

    /** The lower-case form of each ASCII letter, 0 for every other ASCII character. */
    private static final char[] ASCII_LOWER = new char[128];

    static {
        for (char c = 'a'; c <= 'z'; c++) {
            ASCII_LOWER[c] = c;
            ASCII_LOWER[c - 'a' + 'A'] = c;
        }
    }

    private final StopwordTable stopwords = new StopwordTable(Stopwords.lists(), Stopwords.LANGUAGES);
    /**
     * The stopword code of each ASCII letter, lower-cased ({@link StopwordTable#code}, 0 for a letter no stopword
     * has), -1 for every other ASCII character: the scan's one load per ASCII character.
     */
    private final byte[] asciiCodes = new byte[128];

    /** Languages with their shares of the identified text, largest first. */
    public record Result(List<String> languages, List<Double> shares, int sampledChars) {}

    public LanguageDetector() {
        for (char c = 0; c < 128; c++) {
            asciiCodes[c] = (byte) (ASCII_LOWER[c] == 0 ? -1 : stopwords.code(ASCII_LOWER[c]));
        }
    }

    public Result detect(List<String> texts, int sampleChars) {
        Counts counts = new Counts();
        long total = 0;
        for (String t : texts) {
            total += t.length();
        }
        int sampled = 0;
        if (total <= sampleChars) {
            for (String t : texts) {
                scan(t, 0, t.length(), counts);
            }
            sampled = (int) total;
        } else {
            int window = sampleChars / WINDOWS;
            for (int w = 0; w < WINDOWS; w++) {
                long offset = (total - window) * w / (WINDOWS - 1);
                sampled += scanLogical(texts, offset, window, counts);
            }
        }
        return counts.toResult(sampled);
    }

    /** Scans {@code length} chars starting at logical {@code offset} of the concatenated texts. */
    private int scanLogical(List<String> texts, long offset, int length, Counts counts) {
        int scanned = 0;
        long base = 0;
        for (String t : texts) {
            long end = base + t.length();
            if (end > offset && scanned < length) {
                int from = (int) Math.max(0, offset + scanned - base);
                int to = (int) Math.min(t.length(), from + (long) (length - scanned));
                scan(t, from, to, counts);
                scanned += to - from;
            }
            base = end;
        }
        return scanned;
    }

    /**
     * Counts the letters of each script in {@code s[from, to)} and looks up each Latin word, a run of Latin letters,
     * among the stopwords. A word's letters are packed into a key as they are read ({@link StopwordTable}), so a
     * word costs one table probe at its end and nothing is copied.
     */
    private void scan(String s, int from, int to, Counts counts) {
        int wordLength = 0;
        long key = 0;
        int latin = 0;
        int maxLength = stopwords.maxLength();
        for (int i = from; i <= to; i++) {
            char c = i < to ? s.charAt(i) : ' ';
            int code;
            Script script;
            if (c < 128) {
                code = asciiCodes[c];
                script = null;
            } else {
                script = scriptOf(c);
                code = script == Script.LATIN ? stopwords.code(Character.toLowerCase(c)) : -1;
            }
            if (code >= 0) {
                key = key << 6 | code;
                wordLength++;
                latin++;
                continue;
            }
            if (wordLength > 0) {
                if (wordLength <= maxLength) {
                    counts.addWord(stopwords.lookup(s, i - wordLength, i, key, LanguageDetector::lower));
                }
                wordLength = 0;
                key = 0;
            }
            if (script != null) {
                counts.script[script.ordinal()]++;
            }
        }
        counts.script[Script.LATIN.ordinal()] += latin;
    }

    /** A Latin letter lower-cased as the scan does it. */
    private static char lower(char c) {
        return c < 128 ? ASCII_LOWER[c] : Character.toLowerCase(c);
    }

    private static Script scriptOf(char c) {
        if (c < 0x80) {
            return (c | 0x20) >= 'a' && (c | 0x20) <= 'z' ? Script.LATIN : null;
        }
        if (c >= 0xC0 && c <= 0x24F) {
            return c == 0xD7 || c == 0xF7 ? null : Script.LATIN;
        }
        if (c >= 0x370 && c <= 0x3FF) {
            return Script.GREEK;
        }
        if (c >= 0x400 && c <= 0x4FF) {
            return c == 'і' || c == 'ї' || c == 'є' || c == 'ґ' || c == 'І' || c == 'Ї' || c == 'Є'
                    ? Script.UKRAINIAN
                    : Script.CYRILLIC;
        }
        if (c >= 0x590 && c <= 0x5FF) {
            return Script.HEBREW;
        }
        if (c >= 0x600 && c <= 0x6FF || c >= 0x750 && c <= 0x77F) {
            return Script.ARABIC;
        }
        if (c >= 0x900 && c <= 0x97F) {
            return Script.DEVANAGARI;
        }
        if (c >= 0xE00 && c <= 0xE7F) {
            return Script.THAI;
        }
        if (c >= 0x3040 && c <= 0x30FF) {
            return Script.KANA;
        }
        if (c >= 0x4E00 && c <= 0x9FFF || c >= 0x3400 && c <= 0x4DBF) {
            return Script.HAN;
        }
        if (c >= 0xAC00 && c <= 0xD7AF || c >= 0x1100 && c <= 0x11FF) {
            return Script.HANGUL;
        }
        return null;
    }

    /** Per-call tallies: letters per script and fractional stopword hits per Latin language. */
    private static final class Counts {
        /** {@code 1.0 / n} for a word of n languages. */
        private static final double[] SHARES = new double[Stopwords.LANGUAGES.length + 1];

        static {
            for (int n = 1; n < SHARES.length; n++) {
                SHARES[n] = 1.0 / n;
            }
        }

        final int[] script = new int[Script.values().length];
        final double[] hits = new double[Stopwords.LANGUAGES.length];

        /**
         * Splits one hit between the word's languages. A third or more of the words of running text are
         * stopwords, so this runs for most words: it visits only the mask's set bits (most words belong to one
         * language) and takes the share from a table instead of dividing; each language's hits receive the same
         * values in the same order as a division and a pass over all languages would give them.
         */
        void addWord(int languageMask) {
            if (languageMask != 0) {
                double share = SHARES[Integer.bitCount(languageMask)];
                for (int m = languageMask; m != 0; m &= m - 1) {
                    hits[Integer.numberOfTrailingZeros(m)] += share;
                }
            }
        }

        Result toResult(int sampled) {
            List<String> codes = new ArrayList<>();
            List<Double> weights = new ArrayList<>();
            double totalHits = 0;
            for (double h : hits) {
                totalHits += h;
            }
            double topHits = 0;
            for (double h : hits) {
                topHits = Math.max(topHits, h);
            }
            for (int l = 0; l < hits.length; l++) {
                // A second Latin language needs real weight next to the first: short English text
                // always brushes a few Portuguese or Dutch function words.
                boolean top = hits[l] == topHits;
                if (hits[l] >= (top ? MIN_STOPWORD_HITS : MIN_SECONDARY_HITS)
                        && hits[l] >= MIN_RELATIVE_HITS * topHits) {
                    codes.add(Stopwords.LANGUAGES[l]);
                    weights.add(script[Script.LATIN.ordinal()] * hits[l] / totalHits);
                }
            }
            int cyrillic = script[Script.CYRILLIC.ordinal()] + script[Script.UKRAINIAN.ordinal()];
            add(codes, weights, script[Script.UKRAINIAN.ordinal()] >= 2 ? "uk" : "ru", cyrillic);
            add(codes, weights, "el", script[Script.GREEK.ordinal()]);
            add(codes, weights, "ar", script[Script.ARABIC.ordinal()]);
            add(codes, weights, "he", script[Script.HEBREW.ordinal()]);
            add(codes, weights, "hi", script[Script.DEVANAGARI.ordinal()]);
            add(codes, weights, "th", script[Script.THAI.ordinal()]);
            add(codes, weights, "ko", CJK_WEIGHT * script[Script.HANGUL.ordinal()]);
            int kana = script[Script.KANA.ordinal()];
            int han = script[Script.HAN.ordinal()];
            // Japanese writes kana between kanji in almost every sentence; Chinese never uses kana.
            boolean japanese = kana >= MIN_SCRIPT_LETTERS / 2 && kana * 20 >= kana + han;
            add(codes, weights, japanese ? "ja" : "zh", CJK_WEIGHT * (han + (japanese ? kana : 0)));
            if (!japanese) {
                add(codes, weights, "ja", CJK_WEIGHT * kana);
            }

            double sum = 0;
            for (double w : weights) {
                sum += w;
            }
            List<Integer> order = new ArrayList<>();
            for (int i = 0; i < codes.size(); i++) {
                order.add(i);
            }
            order.sort((a, b) -> Double.compare(weights.get(b), weights.get(a)));
            List<String> outCodes = new ArrayList<>();
            List<Double> outShares = new ArrayList<>();
            for (int i : order) {
                double share = weights.get(i) / sum;
                if (share >= MIN_LISTED_SHARE) {
                    outCodes.add(codes.get(i));
                    outShares.add(Math.round(share * 100) / 100.0);
                }
            }
            return new Result(outCodes, outShares, sampled);
        }

        /** Adds a script-decided language when it has enough letters to be more than noise. */
        private static void add(List<String> codes, List<Double> weights, String code, double weight) {
            if (weight >= MIN_SCRIPT_LETTERS) {
                codes.add(code);
                weights.add(weight);
            }
        }
    }
}
