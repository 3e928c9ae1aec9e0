package dev.routeplane.executors.adapter;

import dev.routeplane.executors.RateLimitSnapshot;
import java.net.http.HttpHeaders;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.OptionalLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads the rate-limit headers providers send: OpenAI-style {@code x-ratelimit-*} with Go-duration resets
 * ({@code 1s}, {@code 6m0s}, {@code 120ms}), Anthropic-style {@code anthropic-ratelimit-*} with RFC 3339 reset
 * instants, and {@code retry-after} in seconds or as an HTTP date. Malformed values are ignored, never fatal.
 */
public final class RateLimitHeaderParser {
    private static final Pattern GO_DURATION_PART = Pattern.compile("(\\d+(?:\\.\\d+)?)(h|ms|m|s|us|µs|ns)");

    private RateLimitHeaderParser() {}

    /** OpenAI-compatible headers ({@code x-ratelimit-limit|remaining|reset-requests|tokens}). */
    public static RateLimitSnapshot openAi(HttpHeaders h, Instant now) {
        return new RateLimitSnapshot(
                number(h, "x-ratelimit-limit-requests"),
                number(h, "x-ratelimit-remaining-requests"),
                afterDuration(h, "x-ratelimit-reset-requests", now),
                number(h, "x-ratelimit-limit-tokens"),
                number(h, "x-ratelimit-remaining-tokens"),
                afterDuration(h, "x-ratelimit-reset-tokens", now),
                retryAfterMillis(h.firstValue("retry-after").orElse(null), now),
                now);
    }

    /** Anthropic headers ({@code anthropic-ratelimit-requests|tokens-limit|remaining|reset}). */
    public static RateLimitSnapshot anthropic(HttpHeaders h, Instant now) {
        return new RateLimitSnapshot(
                number(h, "anthropic-ratelimit-requests-limit"),
                number(h, "anthropic-ratelimit-requests-remaining"),
                instant(h.firstValue("anthropic-ratelimit-requests-reset").orElse(null)),
                number(h, "anthropic-ratelimit-tokens-limit"),
                number(h, "anthropic-ratelimit-tokens-remaining"),
                instant(h.firstValue("anthropic-ratelimit-tokens-reset").orElse(null)),
                retryAfterMillis(h.firstValue("retry-after").orElse(null), now),
                now);
    }

    /**
     * A Go duration as OpenAI sends it ({@code 1s}, {@code 6m0s}, {@code 1h2m3.5s}, {@code 250ms}) in milliseconds,
     * rounded up; -1 when malformed.
     */
    public static long goDurationMillis(String text) {
        if (text == null || text.isBlank()) {
            return -1;
        }
        String s = text.trim();
        Matcher m = GO_DURATION_PART.matcher(s);
        double totalMs = 0;
        int consumed = 0;
        while (m.find()) {
            if (m.start() != consumed) {
                return -1;
            }
            consumed = m.end();
            double value = Double.parseDouble(m.group(1));
            totalMs += switch (m.group(2)) {
                case "h" -> value * 3_600_000;
                case "m" -> value * 60_000;
                case "s" -> value * 1_000;
                case "ms" -> value;
                case "us", "µs" -> value / 1_000;
                default -> value / 1_000_000;
            };
        }
        if (consumed != s.length() || consumed == 0) {
            return -1;
        }
        return (long) Math.ceil(totalMs);
    }

    /** {@code retry-after} as delay-seconds (fractions allowed) or an HTTP date, in milliseconds; -1 if absent. */
    public static long retryAfterMillis(String value, Instant now) {
        if (value == null || value.isBlank()) {
            return -1;
        }
        String v = value.trim();
        try {
            double seconds = Double.parseDouble(v);
            return seconds < 0 ? -1 : (long) Math.ceil(seconds * 1000);
        } catch (NumberFormatException notSeconds) {
            try {
                Instant at = ZonedDateTime.parse(v, DateTimeFormatter.RFC_1123_DATE_TIME)
                        .toInstant();
                return Math.max(0, at.toEpochMilli() - now.toEpochMilli());
            } catch (DateTimeParseException notDate) {
                return -1;
            }
        }
    }

    private static OptionalLong number(HttpHeaders h, String name) {
        String v = h.firstValue(name).orElse(null);
        if (v == null) {
            return OptionalLong.empty();
        }
        try {
            return OptionalLong.of(Long.parseLong(v.trim()));
        } catch (NumberFormatException e) {
            return OptionalLong.empty();
        }
    }

    private static Instant afterDuration(HttpHeaders h, String name, Instant now) {
        long ms = goDurationMillis(h.firstValue(name).orElse(null));
        return ms < 0 ? null : now.plusMillis(ms);
    }

    private static Instant instant(String text) {
        if (text == null) {
            return null;
        }
        try {
            return Instant.parse(text.trim());
        } catch (DateTimeParseException e) {
            try {
                return ZonedDateTime.parse(text.trim(), DateTimeFormatter.ISO_OFFSET_DATE_TIME)
                        .toInstant();
            } catch (DateTimeParseException again) {
                return null;
            }
        }
    }
}
