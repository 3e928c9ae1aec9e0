package dev.routeplane.config;

/** Which jurisdiction (or nobody else) controls the infrastructure a provider runs on. */
public enum Sovereignty {
    /** A US-based service. */
    US("us"),
    /** An EU-based service. */
    EU("eu"),
    /** A China-based service. */
    CN("cn"),
    /** Infrastructure the operator runs (e.g. vLLM on own GPUs). */
    SELF_HOSTED("self-hosted"),
    /** On the machine running Routeplane (e.g. Ollama); data never leaves the host. */
    LOCAL("local");

    private final String configName;

    Sovereignty(String configName) {
        this.configName = configName;
    }

    /** The spelling used in routeplane.yaml. */
    public String configName() {
        return configName;
    }
}
