package dev.routeplane.config;

/** Task types, spelled as the classifier names them. */
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
}
