package dev.routeplane.control.replay;

import dev.routeplane.config.RouteplaneConfig;
import dev.routeplane.ledger.LedgerQueries;
import dev.routeplane.router.LearnedSelector;
import dev.routeplane.schemas.RouteplaneSerdes;
import dev.routeplane.schemas.Topics;
import dev.routeplane.simulator.ReplayRows;
import java.nio.file.Path;
import java.util.Map;
import java.util.function.Consumer;

/**
 * A running pipeline (broker, registry, ledger, learner, router with learned routing, executors, and the provider
 * simulator replaying recorded outcomes) as the routing benchmark and the eval gate drive it. The composition itself
 * is {@code RouteplaneRuntime}'s; it is reached through this interface because the runtime module's tests depend on
 * this module's workloads, so this module cannot depend on the runtime.
 */
public interface ReplayPipeline extends AutoCloseable {

    Topics topics();

    /** The schema registry's base URL. */
    String registryUrl();

    /** Serdes against the pipeline's registry. */
    RouteplaneSerdes serdes();

    /** Properties for a Kafka client of the pipeline (bootstrap servers included). */
    Map<String, Object> clientProperties();

    /** The router's learned selector. */
    LearnedSelector learnedSelector();

    /** The simulator's binding of replayed requests to their recorded rows. */
    ReplayRows replayRows();

    /** Interactive queries of the running ledger. */
    LedgerQueries ledger();

    @Override
    void close();

    /** Starts a pipeline for a replay configuration. */
    @FunctionalInterface
    interface Starter {
        /**
         * @param config        the replay configuration ({@link ReplayConfig#config()})
         * @param workDir       broker data and service state
         * @param replayDataDir the recorded data the simulator answers from
         * @param seed          seeds the pipeline
         * @param progress      one line per start step
         */
        ReplayPipeline start(
                RouteplaneConfig config, Path workDir, Path replayDataDir, long seed, Consumer<String> progress)
                throws Exception;
    }
}
