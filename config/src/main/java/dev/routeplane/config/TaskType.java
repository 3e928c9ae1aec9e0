package dev.routeplane.config;

import java.util.Locale;
import java.util.Optional;

/**
 * What kind of work a request asks for: the classifier infers it (or takes the caller's hint), lanes match on it and
 * learned scores are keyed by it. Spelled the same in routeplane.yaml, decisions and metrics.
 */
public enum TaskType {
    /** Writing or fixing code. */
    CODE("CODE"),
    /** General conversation. */
    CHAT("CHAT"),
    /** Summarizing. */
    SUMMARIZATION("SUMMARIZATION"),
    /** Pulling structured fields out of text. */
    EXTRACTION("EXTRACTION"),
    /** Labelling. */
    CLASSIFICATION("CLASSIFICATION"),
    /** Creative writing. */
    CREATIVE("CREATIVE"),
    /** Multi-step reasoning, maths. */
    REASONING("REASONING"),
    /** Translating between languages. */
    TRANSLATION("TRANSLATION"),
    /** Synthesizing across many long documents. */
    LONG_CONTEXT_SYNTHESIS("LONG_CONTEXT_SYNTHESIS");

    private final String configName;

    TaskType(String configName) {
        this.configName = configName;
    }

    /** The spelling used in routeplane.yaml. */
    public String configName() {
        return configName;
    }

    /**
     * Parses a caller's task-type hint leniently: enum names in any case plus common verbs ({@code code},
     * {@code summarize}, {@code extract}, {@code classify}, {@code translate}, {@code reason}, {@code long-context}).
     * Unknown or blank values give empty, so a typo in a hint falls back to the heuristics instead of failing the
     * request.
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
