package dev.routeplane.simulator;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Configuration of a {@link SimulatorServer}.
 *
 * @param bindAddress   interface to listen on: loopback (the default) or, where executors run elsewhere (compose),
 *                      {@code 0.0.0.0}; its admin endpoints inject faults, so never expose it beyond them
 * @param port          TCP port; 0 picks a free one
 * @param seed          seeds generated outputs, fault draws and latency draws
 * @param providers     the simulated providers, ids unique
 * @param replayDataDir the RouterBench subset directory ({@code <task>_{train,test}.csv}); required when any
 *                      provider is in REPLAY mode, ignored otherwise (may be null)
 * @param handlerThreads threads that parse requests and write responses; latency never occupies them
 * @param keepCalls     whether every billed call's invoice line and every received call are kept (what a
 *                      reconciliation, {@code ?lines=true} and the usage lookup read); false keeps only the invoice's
 *                      totals, for load runs of millions of calls whose per-call lines would fill the heap
 */
public record SimulatorConfig(
        String bindAddress,
        int port,
        long seed,
        List<SimulatedProvider> providers,
        Path replayDataDir,
        int handlerThreads,
        boolean keepCalls) {
    /** The default bind address: this machine only. */
    public static final String LOOPBACK = "127.0.0.1";

    public SimulatorConfig {
        if (bindAddress == null || bindAddress.isBlank()) {
            throw new IllegalArgumentException("bindAddress is required, e.g. " + LOOPBACK);
        }
        if (port < 0 || port > 65_535) {
            throw new IllegalArgumentException("port must be in [0, 65535], got " + port);
        }
        providers = List.copyOf(providers);
        if (providers.isEmpty()) {
            throw new IllegalArgumentException("the simulator needs at least one provider");
        }
        Set<String> ids = new HashSet<>();
        for (SimulatedProvider p : providers) {
            if (!ids.add(p.id())) {
                throw new IllegalArgumentException("provider id '" + p.id() + "' is configured twice");
            }
        }
        boolean anyReplay = providers.stream().anyMatch(p -> p.mode() == ProviderMode.REPLAY);
        if (anyReplay && replayDataDir == null) {
            throw new IllegalArgumentException("a REPLAY provider needs replayDataDir (the routerbench-subset dir)");
        }
        if (handlerThreads <= 0) {
            throw new IllegalArgumentException("handlerThreads must be > 0, got " + handlerThreads);
        }
    }

    /** Free port, seed 42, one OpenAI-compatible provider "openai" and one Anthropic provider "anthropic". */
    public static SimulatorConfig ofDefaults() {
        return builder()
                .provider(SimulatedProvider.builder("openai", WireFormat.OPENAI).build())
                .provider(SimulatedProvider.builder("anthropic", WireFormat.ANTHROPIC)
                        .build())
                .build();
    }

    public static Builder builder() {
        return new Builder();
    }

    /** The provider with this id, if configured. */
    public Optional<SimulatedProvider> provider(String id) {
        return providers.stream().filter(p -> p.id().equals(id)).findFirst();
    }

    /** Builder for {@link SimulatorConfig}. */
    public static final class Builder {
        private String bindAddress = LOOPBACK;
        private int port;
        private long seed = 42;
        private final List<SimulatedProvider> providers = new ArrayList<>();
        private Path replayDataDir;
        private int handlerThreads = Math.max(2, Runtime.getRuntime().availableProcessors());
        private boolean keepCalls = true;

        private Builder() {}

        /** Interface to listen on; default {@value SimulatorConfig#LOOPBACK}. */
        public Builder bindAddress(String bindAddress) {
            this.bindAddress = bindAddress;
            return this;
        }

        public Builder port(int port) {
            this.port = port;
            return this;
        }

        public Builder seed(long seed) {
            this.seed = seed;
            return this;
        }

        public Builder provider(SimulatedProvider provider) {
            this.providers.add(provider);
            return this;
        }

        public Builder providers(List<SimulatedProvider> providers) {
            this.providers.clear();
            this.providers.addAll(providers);
            return this;
        }

        public Builder replayDataDir(Path dir) {
            this.replayDataDir = dir;
            return this;
        }

        public Builder handlerThreads(int threads) {
            this.handlerThreads = threads;
            return this;
        }

        /** Whether every call's lines are kept; default true (see {@link SimulatorConfig#keepCalls()}). */
        public Builder keepCalls(boolean keepCalls) {
            this.keepCalls = keepCalls;
            return this;
        }

        public SimulatorConfig build() {
            return new SimulatorConfig(bindAddress, port, seed, providers, replayDataDir, handlerThreads, keepCalls);
        }
    }
}
