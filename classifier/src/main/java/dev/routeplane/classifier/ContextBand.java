package dev.routeplane.classifier;

/**
 * Prompt size band by input tokens; thresholds come from {@link ClassifierConfig}
 * (defaults: SHORT up to 4,096, MEDIUM up to 32,768, LONG up to 131,072, HUGE above).
 */
public enum ContextBand {
    SHORT,
    MEDIUM,
    LONG,
    HUGE
}
