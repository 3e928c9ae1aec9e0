package dev.routeplane.executors.internal;

import dev.routeplane.config.LatencyClass;
import dev.routeplane.contract.ExecutionTask;

/** A task's class of work: its request's latency class, as the configuration names it. */
final class WorkClass {
    private WorkClass() {}

    static LatencyClass of(ExecutionTask task) {
        return LatencyClass.valueOf(
                task.getRequest().getHints().getLatencyClass().name());
    }

    static boolean batch(ExecutionTask task) {
        return of(task) == LatencyClass.BATCH;
    }
}
