package dev.routeplane.classifier.internal;

import dev.routeplane.config.ContextBand;

/**
 * Reads each message of a request once for three features that would otherwise each pass over it: the
 * sensitive-data detectors ({@link SensitiveDataScanner}), the language counts ({@link LanguageDetector}) and the
 * task keywords ({@link TaskTypeRules}). Each keeps its own state in the one loop (the detectors' resume point and
 * token-start flag, the language scan's packed word, the keyword automaton's row), and each sees every character in
 * the order its own scan would, so the outcome is the same as the three scans': {@code PromptScanTest} compares them
 * on random and adversarial text. The separate loads of three passes become one, and the keyword automaton's chain of
 * dependent table loads overlaps with the other two's work.
 *
 * <p>It applies only when those scans read whole messages, which {@link #covers} tells: the language detector reads
 * every character when the messages together fit its sample, and the keyword regions are whole messages when none is
 * longer than {@link TaskTypeRules}' head. Most prompts qualify; a longer one takes the separate scans, where the
 * language sample and the keyword regions bound the work anyway.
 *
 * <p>One per classification, not thread-safe; the classifier's parts it reads are immutable and shared.
 */
public final class PromptScan {

    private final TaskTypeRules rules;
    private final LanguageDetector languages;
    private final DetectionTally tally;
    private final LanguageDetector.Counts counts = new LanguageDetector.Counts();
    private final boolean[] systemHits;
    private final boolean[] userHits;
    private int sampled;

    /** A scan feeding {@code tally}, with the keyword and language tables of {@code rules} and {@code languages}. */
    public PromptScan(TaskTypeRules rules, LanguageDetector languages, DetectionTally tally) {
        this.rules = rules;
        this.languages = languages;
        this.tally = tally;
        this.systemHits = rules.newHits();
        this.userHits = rules.newHits();
    }

    /**
     * Whether messages of {@code totalChars} characters in all can take this scan: the language detector with a
     * sample of {@code sampleChars} reads all of them, and no keyword region is cut short.
     */
    public static boolean covers(long totalChars, int sampleChars) {
        return totalChars <= sampleChars && totalChars <= TaskTypeRules.HEAD_CHARS;
    }

    /** A system or developer message: its keywords count for the system prompt. */
    public void system(String text) {
        scan(text, systemHits);
    }

    /** The last user message: its keywords count for the user's ask. */
    public void lastUser(String text) {
        scan(text, userHits);
    }

    /** Any other message: read for sensitive data and language, not for keywords. */
    public void other(String text) {
        scan(text, null);
    }

    /** The task from the keywords of the messages scanned so far. */
    public TaskTypeRules.Result task(ContextBand band) {
        return rules.decide(systemHits, userHits, band);
    }

    /** The languages of the messages scanned so far, as {@link LanguageDetector#detect} gives them. */
    public LanguageDetector.Result languages() {
        return counts.toResult(sampled);
    }

    private void scan(String s, boolean[] hits) {
        KeywordAutomaton keywords = rules.automaton();
        char[] delta = keywords.delta;
        byte[] symbolOf = keywords.symbolOf;
        int firstOutputRow = keywords.firstOutputRow;
        byte[] sensitiveFlags = SensitiveDataScanner.FLAGS;
        byte[] letterCodes = languages.asciiCodes;
        StopwordTable stopwords = languages.stopwords;
        int maxWord = stopwords.maxLength();
        int[] scripts = counts.script;

        int n = s.length();
        int row = 0; // the keyword automaton's
        int resume = 0; // the sensitive-data scan's: where it reads next after a detector consumed a match
        int wordBefore = 0; // the sensitive-data scan's: WORD_CHAR when the character before is a word character
        int wordLength = 0; // the language scan's current word and its packed stopword codes
        long key = 0;
        int latin = 0;
        for (int i = 0; i < n; i++) {
            char c = s.charAt(i);
            if (hits != null) {
                row = delta[row + (c < KeywordAutomaton.MAPPED ? symbolOf[c] : 0)];
                if (row >= firstOutputRow) {
                    keywords.report(s, i, row, hits);
                }
            }
            if (i >= resume) {
                int flags =
                        c < 128 ? sensitiveFlags[c] : Character.isLetterOrDigit(c) ? SensitiveDataScanner.WORD_CHAR : 0;
                int next;
                if ((flags & (SensitiveDataScanner.ANYWHERE | (wordBefore ^ SensitiveDataScanner.WORD_CHAR) << 1)) != 0
                        && (next = SensitiveDataScanner.detect(s, i, c, tally)) > i + 1) {
                    resume = next;
                    wordBefore = Chars.isWordChar(s.charAt(next - 1)) ? SensitiveDataScanner.WORD_CHAR : 0;
                } else {
                    wordBefore = flags & SensitiveDataScanner.WORD_CHAR;
                }
            }
            int code;
            LanguageDetector.Script script;
            if (c < 128) {
                code = letterCodes[c];
                script = null;
            } else {
                script = LanguageDetector.scriptOf(c);
                code = script == LanguageDetector.Script.LATIN ? stopwords.code(Character.toLowerCase(c)) : -1;
            }
            if (code >= 0) {
                key = key << 6 | code;
                wordLength++;
                latin++;
                continue;
            }
            if (wordLength > 0) {
                if (wordLength <= maxWord) {
                    counts.addWord(stopwords.lookup(s, i - wordLength, i, key, LanguageDetector::lower));
                }
                wordLength = 0;
                key = 0;
            }
            if (script != null) {
                scripts[script.ordinal()]++;
            }
        }
        if (wordLength > 0 && wordLength <= maxWord) {
            counts.addWord(stopwords.lookup(s, n - wordLength, n, key, LanguageDetector::lower));
        }
        scripts[LanguageDetector.Script.LATIN.ordinal()] += latin;
        sampled += n;
    }
}
