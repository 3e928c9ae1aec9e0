package dev.routeplane.openai;

import java.time.Duration;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A batch's completion window: how long after its creation every request of the batch is due. OpenAI's Batches API
 * accepts {@code 24h}; Routeplane also takes other spans written the same way, {@code <n>m}, {@code <n>h} or
 * {@code <n>d}, from one minute to seven days (how long the requests and exec topics keep a batch's work). Each
 * request of the batch carries the window as its deadline, so it fails {@code DEADLINE_EXCEEDED} only once the window
 * is really over.
 */
public final class CompletionWindow {
    /** OpenAI's completion window and Routeplane's default. */
    public static final Duration DEFAULT = Duration.ofHours(24);
    /** The shortest window: a batch is background work, not a way to jump the interactive queue. */
    public static final Duration MIN = Duration.ofMinutes(1);
    /** The longest window: the requests and exec topics keep work for seven days. */
    public static final Duration MAX = Duration.ofDays(7);

    private static final Pattern SPAN = Pattern.compile("([0-9]{1,6})([mhd])");

    private CompletionWindow() {}

    /**
     * Reads a window such as {@code 24h}, {@code 90m} or {@code 2d}.
     *
     * @throws IllegalArgumentException naming the value and what is accepted
     */
    public static Duration parse(String text) {
        if (text == null || text.isBlank()) {
            throw new IllegalArgumentException("the completion window is empty; write it as minutes, hours or days,"
                    + " e.g. 24h (the default), 90m or 2d");
        }
        Matcher m = SPAN.matcher(text.strip().toLowerCase(Locale.ROOT));
        if (!m.matches()) {
            throw new IllegalArgumentException("completion window '" + shorten(text)
                    + "' is not a duration; write it as minutes, hours or days, e.g. 24h (the default), 90m or 2d");
        }
        long n = Long.parseLong(m.group(1));
        Duration window = switch (m.group(2)) {
            case "m" -> Duration.ofMinutes(n);
            case "h" -> Duration.ofHours(n);
            default -> Duration.ofDays(n);
        };
        if (window.compareTo(MIN) < 0) {
            throw new IllegalArgumentException(
                    "completion window '" + text + "' is shorter than 1m; a batch needs at least a minute");
        }
        if (window.compareTo(MAX) > 0) {
            throw new IllegalArgumentException("completion window '" + text + "' is longer than 7d, how long Routeplane"
                    + " keeps a batch's requests; use at most 7d");
        }
        return window;
    }

    /** The window written back the way {@link #parse} reads it (the largest whole unit). */
    public static String format(Duration window) {
        long minutes = window.toMinutes();
        if (minutes % (24 * 60) == 0) {
            return minutes / (24 * 60) + "d";
        }
        return minutes % 60 == 0 ? minutes / 60 + "h" : minutes + "m";
    }

    private static String shorten(String text) {
        return text.length() <= 40 ? text : text.substring(0, 40) + "...";
    }
}
