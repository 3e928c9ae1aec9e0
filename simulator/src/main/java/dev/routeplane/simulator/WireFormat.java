package dev.routeplane.simulator;

/** The provider API a simulated provider speaks. */
public enum WireFormat {
    /** OpenAI chat completions: {@code POST <base>/chat/completions}, {@code Authorization: Bearer}. */
    OPENAI,
    /** Anthropic messages: {@code POST <base>/messages}, {@code x-api-key} and {@code anthropic-version}. */
    ANTHROPIC
}
