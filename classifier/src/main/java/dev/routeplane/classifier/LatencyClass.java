package dev.routeplane.classifier;

/** How urgently the caller needs the answer; {@link #BACKGROUND} when not hinted. */
public enum LatencyClass {
    INTERACTIVE,
    BACKGROUND,
    BATCH
}
