package dev.routeplane.runtime;

import dev.routeplane.config.KeyProfile;
import dev.routeplane.config.Model;
import dev.routeplane.config.ModelPrice;
import dev.routeplane.config.Provider;
import dev.routeplane.config.ProviderKind;
import dev.routeplane.config.RouteplaneConfig;
import dev.routeplane.simulator.BatchApi;
import dev.routeplane.simulator.FaultMix;
import dev.routeplane.simulator.LatencyProfile;
import dev.routeplane.simulator.ProviderMode;
import dev.routeplane.simulator.SimulatedModel;
import dev.routeplane.simulator.SimulatedProvider;
import dev.routeplane.simulator.SimulatorConfig;
import dev.routeplane.simulator.WireFormat;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Derives a provider simulator from {@code routeplane.yaml}: one simulated provider per configured provider,
 * speaking its wire format, serving its models under their wire ids at the prices in force at {@code at},
 * with the provider's summed key-profile limits, its batch API where it has one (lines billed at the models' batch
 * prices) and a latency around its models' configured priors. The simulator bills at one price per model, so a price
 * change that takes effect while it runs is not reflected in its invoice (the demo never straddles one).
 */
public final class SimulatorSetup {

    private SimulatorSetup() {}

    /** Fault settings applied to every simulated provider. */
    public enum FaultProfile {
        /** No injected faults. */
        NONE,
        /** A realistic bad day: some 5xx, 429s, timeouts, error bodies and cut-off responses. */
        REALISTIC
    }

    /**
     * @param latencyScale multiplies each tier's typical latency (1.0 = realistic; smaller for fast demos)
     * @param timeoutHoldMs how long a simulated timeout holds the connection before dropping it
     */
    public static SimulatorConfig fromConfig(
            RouteplaneConfig config,
            Instant at,
            int port,
            long seed,
            FaultProfile faults,
            double latencyScale,
            long timeoutHoldMs) {
        List<SimulatedProvider> providers = new ArrayList<>();
        for (Provider provider : config.providers().values()) {
            List<SimulatedModel> models = new ArrayList<>();
            long latencyPriorSum = 0;
            for (Model model : config.models().values()) {
                if (!model.provider().equals(provider.id())) {
                    continue;
                }
                ModelPrice price = config.priceBook().priceAt(model.id(), at);
                models.add(new SimulatedModel(
                        model.providerModel(),
                        price.inputMicrosPerMillion(),
                        price.outputMicrosPerMillion(),
                        model.contextWindow(),
                        model.maxOutputTokens(),
                        price.batchInputMicrosPerMillion(),
                        price.batchOutputMicrosPerMillion()));
                latencyPriorSum += model.latencyPriorMs();
            }
            if (models.isEmpty()) {
                continue;
            }
            int rpm = provider.keyProfiles().stream().mapToInt(KeyProfile::rpm).sum();
            long tpm =
                    provider.keyProfiles().stream().mapToLong(KeyProfile::tpm).sum();
            providers.add(SimulatedProvider.builder(provider.id(), wireFormat(provider.kind()))
                    .models(models)
                    .rpm(rpm)
                    .tpm(tpm)
                    .latency(latency(latencyPriorSum / models.size(), latencyScale))
                    .faults(faultMix(faults, timeoutHoldMs))
                    .requiresKey(provider.keyProfiles().stream()
                            .anyMatch(k -> k.apiKey().isPresent()))
                    .batchApi(batchApi(provider))
                    .build());
        }
        return SimulatorConfig.builder()
                .port(port)
                .seed(seed)
                .providers(providers)
                .build();
    }

    /**
     * The same simulator with every provider in replay mode: calls are answered from the recorded outcomes in
     * {@code replayDataDir} (a RouterBench-shaped directory) for the models configured under their wire ids, billed
     * at the recorded cost; limits, latency and faults stay as configured.
     */
    public static SimulatorConfig replaying(SimulatorConfig simulated, Path replayDataDir) {
        List<SimulatedProvider> providers = new ArrayList<>();
        for (SimulatedProvider p : simulated.providers()) {
            providers.add(new SimulatedProvider(
                    p.id(),
                    p.wireFormat(),
                    p.models(),
                    p.rpm(),
                    p.tpm(),
                    p.latency(),
                    p.faults(),
                    p.outage(),
                    ProviderMode.REPLAY,
                    p.requiresKey(),
                    p.batchApi()));
        }
        return new SimulatorConfig(
                simulated.bindAddress(),
                simulated.port(),
                simulated.seed(),
                providers,
                replayDataDir,
                simulated.handlerThreads(),
                simulated.keepCalls());
    }

    /**
     * The provider's batch API when routeplane.yaml gives it one ({@code batchApi:}), with its per-batch limits and
     * the simulator's short default processing time; none otherwise.
     */
    static BatchApi batchApi(Provider provider) {
        return provider.batchApi()
                .map(b -> BatchApi.ofDefaults(wireFormat(provider.kind()))
                        .withLimits(b.maxRequestsPerBatch(), b.maxBytesPerBatch()))
                .orElse(BatchApi.disabled());
    }

    static WireFormat wireFormat(ProviderKind kind) {
        return kind == ProviderKind.ANTHROPIC ? WireFormat.ANTHROPIC : WireFormat.OPENAI;
    }

    /**
     * The simulated latency of a provider: a lognormal around the mean of its models' configured latency
     * priors, with a p95 of 2.5 times the median (a typical tail for hosted LLM APIs).
     */
    static LatencyProfile latency(long medianMs, double scale) {
        long median = Math.max(1, Math.round(medianMs * scale));
        return LatencyProfile.lognormal(median, Math.max(median + 1, Math.round(median * 2.5)));
    }

    /** The fault mix of a profile, every call holding a simulated timeout for {@code timeoutHoldMs}. */
    public static FaultMix faultMix(FaultProfile profile, long timeoutHoldMs) {
        if (profile == FaultProfile.NONE) {
            return FaultMix.none();
        }
        return FaultMix.builder()
                .serverError5xx(0.04)
                .rateLimited429(0.03)
                .timeout(0.01)
                .errorIn200(0.005)
                .cutOff(0.005)
                .timeoutHoldMs(timeoutHoldMs)
                .build();
    }
}
