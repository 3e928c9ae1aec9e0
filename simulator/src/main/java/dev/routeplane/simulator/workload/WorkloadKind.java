package dev.routeplane.simulator.workload;

/** The kinds of request a mixed workload contains; recorded in each request's metadata as {@code workload.kind}. */
public enum WorkloadKind {
    CODE,
    SUMMARIZATION,
    CLASSIFICATION,
    EXTRACTION,
    TRANSLATION,
    CONFIDENTIAL,
    INTERACTIVE_CHAT
}
