package dev.routeplane.cli;

import dev.routeplane.runtime.LearningOptions;
import dev.routeplane.runtime.RuntimeOptions.Service;
import java.util.EnumSet;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * The router as its own process against an existing cluster; scale by partitions (same application id). The online
 * guard and the learner run in {@code learner}, once per cluster.
 */
@Command(
        name = "router",
        mixinStandardHelpOptions = true,
        description = "Run the router (Kafka Streams) against an existing Kafka cluster until Ctrl-C.")
public final class RouterCommand implements Callable<Integer> {

    @Mixin
    ServiceOptions service;

    @Option(
            names = "--learned-routing",
            description = "Rank each lane's eligible routes by learned per-prompt success estimates (read from"
                    + " rp.success-models.v1, which 'routeplane learner' trains from rp.feedback.v1).")
    boolean learnedRouting;

    @Override
    public Integer call() throws Exception {
        return ForegroundService.run(
                "router",
                service.runtimeOptions(service.config(), EnumSet.of(Service.ROUTER)),
                learnedRouting ? LearningOptions.learned() : LearningOptions.none(),
                service.metrics(),
                null);
    }
}
