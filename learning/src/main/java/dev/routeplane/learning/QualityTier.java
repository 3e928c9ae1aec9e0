package dev.routeplane.learning;

/** How much quality a tenant buys: the cost weight the chooser applies (see {@link ChooserConfig}). */
public enum QualityTier {
    ECONOMY,
    STANDARD,
    PREMIUM
}
