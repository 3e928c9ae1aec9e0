package dev.routeplane.classifier;

/**
 * Risk of acting on a request: {@link #HIGH} with a side-effect tool or regulated data,
 * {@link #MEDIUM} with any tool or confidential data, else {@link #LOW}.
 */
public enum RiskTier {
    LOW,
    MEDIUM,
    HIGH
}
