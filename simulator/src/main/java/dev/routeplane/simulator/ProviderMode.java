package dev.routeplane.simulator;

/** Where a simulated provider's answers come from. */
public enum ProviderMode {
    /** Deterministic generated text and token usage, billed at the model's token prices. */
    SYNTHETIC,
    /**
     * Recorded RouterBench answers ({@link ReplayDataset}): a known prompt for a recorded model gets that model's
     * recorded response, billed at its recorded cost; anything else is refused.
     */
    REPLAY
}
