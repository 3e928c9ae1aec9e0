package dev.routeplane.simulator;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * One simulated provider: its own models, limits, latency, faults and counters. It is served under
 * {@code http://host:port/<id>/v1}, so that is the base URL an adapter is pointed at.
 *
 * @param id         provider id, used as the URL path prefix; letters, digits, '.', '_' and '-'
 * @param wireFormat the API it speaks
 * @param models     the models it serves; in REPLAY mode an empty list means every recorded model
 * @param rpm        requests per rolling 60-second window
 * @param tpm        tokens per rolling 60-second window (input tokens + max output tokens of each admitted call)
 * @param latency    response delay distribution
 * @param faults     the initial fault mix (changeable at runtime via {@link SimulatorServer#setFaults})
 * @param outage     whether every call initially fails with 503 (changeable via {@link SimulatorServer#setOutage})
 * @param mode       synthetic answers or replayed RouterBench answers
 * @param requiresKey whether a call without an API key is refused with 401 (false for a keyless local server)
 * @param batchApi   its batch API (by default the real provider's limits, batches done in 5 s)
 */
public record SimulatedProvider(
        String id,
        WireFormat wireFormat,
        List<SimulatedModel> models,
        int rpm,
        long tpm,
        LatencyProfile latency,
        FaultMix faults,
        boolean outage,
        ProviderMode mode,
        boolean requiresKey,
        BatchApi batchApi) {

    private static final Pattern ID = Pattern.compile("[A-Za-z0-9._-]+");
    /** Path segments that would shadow the simulator's own endpoints. */
    private static final List<String> RESERVED_IDS = List.of("_sim", "v1");

    public SimulatedProvider {
        Objects.requireNonNull(id, "id");
        if (!ID.matcher(id).matches() || RESERVED_IDS.contains(id)) {
            throw new IllegalArgumentException(
                    "provider id '" + id + "' must match [A-Za-z0-9._-]+ and not be one of " + RESERVED_IDS);
        }
        Objects.requireNonNull(wireFormat, "wireFormat");
        Objects.requireNonNull(latency, "latency");
        Objects.requireNonNull(faults, "faults");
        Objects.requireNonNull(mode, "mode");
        Objects.requireNonNull(batchApi, "batchApi");
        models = List.copyOf(models);
        if (models.isEmpty() && mode == ProviderMode.SYNTHETIC) {
            throw new IllegalArgumentException("synthetic provider '" + id + "' needs at least one model");
        }
        if (models.stream().map(SimulatedModel::id).distinct().count() != models.size()) {
            throw new IllegalArgumentException("provider '" + id + "' lists a model id twice");
        }
        if (rpm <= 0 || tpm <= 0) {
            throw new IllegalArgumentException(
                    "provider '" + id + "' needs rpm > 0 and tpm > 0, got " + rpm + " / " + tpm);
        }
    }

    /** An OpenAI-compatible provider with two models priced like gpt-4o-mini and gpt-4o. */
    public static SimulatedProvider ofDefaults() {
        return builder("openai", WireFormat.OPENAI).build();
    }

    /** A builder with defaults: models typical of the wire format, 10,000 RPM, 10M TPM, default latency, no faults. */
    public static Builder builder(String id, WireFormat wireFormat) {
        return new Builder(id, wireFormat);
    }

    /** The same provider answering after {@code profile}'s delays. */
    public SimulatedProvider withLatency(LatencyProfile profile) {
        return new SimulatedProvider(
                id, wireFormat, models, rpm, tpm, profile, faults, outage, mode, requiresKey, batchApi);
    }

    /** The served model with this id, if any. */
    public Optional<SimulatedModel> model(String modelId) {
        return models.stream().filter(m -> m.id().equals(modelId)).findFirst();
    }

    /** Builder for {@link SimulatedProvider}. */
    public static final class Builder {
        private final String id;
        private final WireFormat wireFormat;
        private List<SimulatedModel> models;
        private int rpm = 10_000;
        private long tpm = 10_000_000;
        private LatencyProfile latency = LatencyProfile.ofDefaults();
        private FaultMix faults = FaultMix.none();
        private boolean outage;
        private ProviderMode mode = ProviderMode.SYNTHETIC;
        private boolean requiresKey = true;
        private BatchApi batchApi;

        private Builder(String id, WireFormat wireFormat) {
            this.id = id;
            this.wireFormat = wireFormat;
            this.batchApi = BatchApi.ofDefaults(wireFormat);
            this.models = wireFormat == WireFormat.ANTHROPIC
                    ? List.of(
                            new SimulatedModel("claude-3-5-haiku-latest", 800_000, 4_000_000, 200_000, 8_192),
                            new SimulatedModel("claude-sonnet-4-0", 3_000_000, 15_000_000, 200_000, 64_000))
                    : List.of(
                            new SimulatedModel("gpt-4o-mini", 150_000, 600_000, 128_000, 16_384),
                            new SimulatedModel("gpt-4o", 2_500_000, 10_000_000, 128_000, 16_384));
        }

        /** Replaces the default models. */
        public Builder models(List<SimulatedModel> models) {
            this.models = new ArrayList<>(models);
            return this;
        }

        public Builder models(SimulatedModel... models) {
            return models(List.of(models));
        }

        public Builder rpm(int rpm) {
            this.rpm = rpm;
            return this;
        }

        public Builder tpm(long tpm) {
            this.tpm = tpm;
            return this;
        }

        public Builder latency(LatencyProfile latency) {
            this.latency = latency;
            return this;
        }

        public Builder faults(FaultMix faults) {
            this.faults = faults;
            return this;
        }

        public Builder outage(boolean outage) {
            this.outage = outage;
            return this;
        }

        /**
         * Whether calls must carry an API key (default true). A local server such as Ollama listening on
         * localhost only takes none, and its configured key profile has no key to send.
         */
        public Builder requiresKey(boolean required) {
            this.requiresKey = required;
            return this;
        }

        /** Sets the mode; switching to REPLAY clears the default synthetic models (empty = all recorded models). */
        public Builder mode(ProviderMode mode) {
            if (mode == ProviderMode.REPLAY && this.mode != ProviderMode.REPLAY) {
                this.models = List.of();
            }
            this.mode = mode;
            return this;
        }

        /** Its batch API; {@link BatchApi#disabled()} for a provider without one. */
        public Builder batchApi(BatchApi batchApi) {
            this.batchApi = batchApi;
            return this;
        }

        public SimulatedProvider build() {
            return new SimulatedProvider(
                    id, wireFormat, models, rpm, tpm, latency, faults, outage, mode, requiresKey, batchApi);
        }
    }
}
