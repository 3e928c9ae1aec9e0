package dev.routeplane.classifier;

import java.util.Locale;
import java.util.Optional;

/** What kind of work a request asks for; lanes and learned scores are keyed by it. */
public enum TaskType {
    CODE,
    CHAT,
    SUMMARIZATION,
    EXTRACTION,
    CLASSIFICATION,
    CREATIVE,
    REASONING,
    TRANSLATION,
    LONG_CONTEXT_SYNTHESIS;

    /**
     * Parses a caller's task-type hint leniently: enum names in any case plus common verbs
     * ({@code code}, {@code summarize}, {@code extract}, {@code classify}, {@code translate},
     * {@code reason}, {@code long-context}). Unknown or blank values give empty, so a typo in a hint
     * falls back to the heuristics instead of failing the request.
     */
    public static Optional<TaskType> parse(String value) {
        if (value == null || value.isBlank()) {
            return Optional.empty();
        }
        String v = value.trim().toLowerCase(Locale.ROOT).replace('-', '_').replace(' ', '_');
        return Optional.ofNullable(
                switch (v) {
                    case "code", "coding" -> CODE;
                    case "chat", "conversation" -> CHAT;
                    case "summarization", "summarisation", "summarize", "summarise", "summary" -> SUMMARIZATION;
                    case "extraction", "extract" -> EXTRACTION;
                    case "classification", "classify" -> CLASSIFICATION;
                    case "creative", "creative_writing" -> CREATIVE;
                    case "reasoning", "reason", "math" -> REASONING;
                    case "translation", "translate" -> TRANSLATION;
                    case "long_context_synthesis", "long_context", "synthesis" -> LONG_CONTEXT_SYNTHESIS;
                    default -> null;
                });
    }
}
