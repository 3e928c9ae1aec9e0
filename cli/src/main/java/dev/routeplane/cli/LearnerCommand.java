package dev.routeplane.cli;

import dev.routeplane.runtime.LearningOptions;
import dev.routeplane.runtime.RuntimeOptions.Service;
import java.util.EnumSet;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/**
 * The learner as its own process against an existing cluster: trains the success models that {@code router
 * --learned-routing} reads, from feedback, and runs the online guard that rolls an alias back when its new model
 * does worse. Run one per cluster (Kafka Streams application {@code routeplane-learner}).
 */
@Command(
        name = "learner",
        mixinStandardHelpOptions = true,
        description = "Run the learner and the online alias guard (Kafka Streams) against an existing Kafka cluster"
                + " until Ctrl-C.")
public final class LearnerCommand implements Callable<Integer> {

    @Mixin
    ServiceOptions service;

    @Override
    public Integer call() throws Exception {
        return ForegroundService.run(
                "learner",
                service.runtimeOptions(service.config(), EnumSet.of(Service.LEARNER)),
                LearningOptions.learned(),
                service.metrics(),
                null);
    }
}
