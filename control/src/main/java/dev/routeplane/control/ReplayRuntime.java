package dev.routeplane.control;

import dev.routeplane.config.RouteplaneConfig;
import dev.routeplane.control.replay.ReplayPipeline;
import dev.routeplane.ledger.LedgerQueries;
import dev.routeplane.router.LearnedSelector;
import dev.routeplane.runtime.LearningOptions;
import dev.routeplane.runtime.RouteplaneRuntime;
import dev.routeplane.runtime.RuntimeOptions;
import dev.routeplane.schemas.RouteplaneSerdes;
import dev.routeplane.schemas.Topics;
import dev.routeplane.simulator.ReplayRows;
import java.nio.file.Path;
import java.util.Map;
import java.util.function.Consumer;

/**
 * {@link ReplayPipeline} on a {@link RouteplaneRuntime}: every service in this process on the embedded platform,
 * learned routing on, the simulator replaying recorded outcomes with short latencies (a replay measures routing,
 * not waiting).
 */
public final class ReplayRuntime implements ReplayPipeline {
    /** Simulated latency as a share of the configured priors: about 20 ms a call. */
    static final double LATENCY_SCALE = 0.02;

    private final RouteplaneRuntime runtime;

    private ReplayRuntime(RouteplaneRuntime runtime) {
        this.runtime = runtime;
    }

    /** Starts one; the {@link ReplayPipeline.Starter} of the CLI and the tests. */
    public static ReplayPipeline start(
            RouteplaneConfig config, Path workDir, Path replayDataDir, long seed, Consumer<String> progress)
            throws Exception {
        RuntimeOptions options = RuntimeOptions.embedded(config, workDir)
                .withLatencyScale(LATENCY_SCALE)
                .withSeed(seed);
        return new ReplayRuntime(RouteplaneRuntime.start(options, LearningOptions.learnedOn(replayDataDir), progress));
    }

    @Override
    public Topics topics() {
        return runtime.topics();
    }

    @Override
    public String registryUrl() {
        return runtime.registryUrl();
    }

    @Override
    public RouteplaneSerdes serdes() {
        return runtime.serdes();
    }

    @Override
    public Map<String, Object> clientProperties() {
        return runtime.clientProperties();
    }

    @Override
    public LearnedSelector learnedSelector() {
        return runtime.learnedSelector().orElseThrow();
    }

    @Override
    public ReplayRows replayRows() {
        return runtime.simulator().orElseThrow().replayRows();
    }

    @Override
    public LedgerQueries ledger() {
        return runtime.ledger().orElseThrow().queries();
    }

    @Override
    public void close() {
        runtime.close();
    }
}
