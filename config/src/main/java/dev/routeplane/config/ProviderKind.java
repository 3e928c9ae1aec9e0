package dev.routeplane.config;

/** The wire protocol a provider speaks; selects the executor adapter. */
public enum ProviderKind {
    /** OpenAI chat completions (OpenAI, vLLM, Ollama, Mistral, DeepSeek, OpenRouter, ...). */
    OPENAI_COMPATIBLE("openai-compatible"),
    /** Anthropic Messages API. */
    ANTHROPIC("anthropic");

    private final String configName;

    ProviderKind(String configName) {
        this.configName = configName;
    }

    /** The spelling used in routeplane.yaml. */
    public String configName() {
        return configName;
    }
}
