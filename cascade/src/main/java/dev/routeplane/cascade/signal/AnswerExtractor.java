package dev.routeplane.cascade.signal;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Extracts a comparable final answer from free response text, generically (no task knowledge), in order:
 * <ol>
 *   <li>a fenced code block: its code with comments and whitespace runs removed, prefixed {@code code:};</li>
 *   <li>an explicit final answer ("Answer: X", "the answer is (X)", "correct option is X"): X;</li>
 *   <li>a short response (≤ 3 words): an option letter or number in it (a bare "A" or "I" only where no word
 *       follows it, since both are also words);</li>
 *   <li>the last line that is only an option marker such as {@code B} or {@code (B)} or {@code B)};</li>
 *   <li>otherwise the whole text, lower-cased with punctuation and whitespace runs collapsed.</li>
 * </ol>
 * Stateless and thread-safe.
 */
public final class AnswerExtractor {

    private static final Pattern FENCE = Pattern.compile("```[a-zA-Z0-9_+-]*\\s*\\n(.*?)```", Pattern.DOTALL);
    /**
     * An option: a letter A-J or a number, bare or in parentheses. "A" and "I" are English words too, so a bare one is
     * an option only where it ends the phrase ("Answer: I", "I.", "A)"), not where a word follows ("I agree",
     * "I'm", "A boat"): otherwise "Yes, I agree" and "No, I disagree" would both read as option I.
     */
    private static final String OPTION_TOKEN = "(?:\\(([A-J])\\)"
            + "|\\(?([B-HJ]|-?\\d+(?:\\.\\d+)?)\\)?"
            + "|\\(?([AI])(?:\\)|(?!['\u2019]|,?\\s+[A-Za-z])))";

    private static final Pattern EXPLICIT =
            Pattern.compile("(?i:final answer|answer|correct option|correct choice)(?i:\\s+is)?\\s*[:=\\-]?\\s*"
                    + OPTION_TOKEN + "(?![A-Za-z0-9])");
    private static final Pattern OPTION = Pattern.compile("(?<![A-Za-z0-9])" + OPTION_TOKEN + "(?![A-Za-z0-9])");
    private static final Pattern OPTION_LINE = Pattern.compile("(?m)^\\s*\\(?([A-J])[).:]?\\s*$");
    private static final Pattern LINE_COMMENT = Pattern.compile("(?m)(#|//).*$");

    private AnswerExtractor() {}

    /** The normalised final answer of one response; never null, empty for an empty response. */
    public static String extract(String response) {
        String text = response == null ? "" : response.strip();
        Matcher fence = FENCE.matcher(text);
        if (fence.find()) {
            String code = LINE_COMMENT.matcher(fence.group(1)).replaceAll("");
            return "code:" + code.replaceAll("\\s+", " ").strip();
        }
        String last = null;
        Matcher explicit = EXPLICIT.matcher(text);
        while (explicit.find()) {
            last = option(explicit);
        }
        if (last != null) {
            return "opt:" + last.toUpperCase(Locale.ROOT);
        }
        if (text.split("\\s+").length <= 3) {
            Matcher option = OPTION.matcher(text);
            if (option.find()) {
                return "opt:" + option(option).toUpperCase(Locale.ROOT);
            }
        }
        Matcher line = OPTION_LINE.matcher(text);
        String lineOption = null;
        while (line.find()) {
            lineOption = line.group(1);
        }
        if (lineOption != null) {
            return "opt:" + lineOption;
        }
        String norm = text.toLowerCase(Locale.ROOT)
                .replaceAll("[^\\p{L}\\p{N}]+", " ")
                .strip();
        return "text:" + (norm.length() > 500 ? norm.substring(0, 500) : norm);
    }

    /** The option an {@link #OPTION_TOKEN} match found, whichever of its alternatives matched. */
    private static String option(Matcher m) {
        for (int g = 1; g <= 3; g++) {
            if (m.group(g) != null) {
                return m.group(g);
            }
        }
        throw new IllegalStateException("an option match without an option");
    }
}
