package dev.routeplane.router.internal;

import dev.routeplane.config.RouteplaneConfig;
import dev.routeplane.contract.AliasBinding;
import dev.routeplane.contract.AliasHistoryEntry;
import dev.routeplane.router.AliasGuardSettings;
import dev.routeplane.router.AliasHistory;
import dev.routeplane.router.LearnerTopology;
import dev.routeplane.router.LearnerTopologyConfig;
import dev.routeplane.schemas.RecordDecoder;
import dev.routeplane.schemas.UndecodableRecordException;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The online guard, one task per alias: compares the model an alias was last re-bound to (outcomes decided since
 * the binding) with the model it replaced (its outcomes under the alias before), and when the new one's feedback
 * quality or error rate regresses past {@link AliasGuardSettings}, re-binds the alias to the previous model on
 * {@code rp.aliases.v1}: the same event as {@code alias rollback} ({@link AliasHistory#rollback}), with the measured
 * reason. Once per binding.
 */
public final class AliasGuardProcessor implements Processor<String, AliasOutcome, String, AliasBinding> {
    private static final Logger LOG = LoggerFactory.getLogger(AliasGuardProcessor.class);
    private static final String CHANGED_BY = "online-guard";

    private final AliasGuardSettings settings;
    private final RouteplaneConfig config;
    private final Clock clock;
    private final String aliasTopic;
    private final RecordDecoder<AliasBinding> aliases;
    private ProcessorContext<String, AliasBinding> context;
    private KeyValueStore<String, byte[]> stats;
    private ReadOnlyKeyValueStore<String, byte[]> bindings;

    public AliasGuardProcessor(LearnerTopologyConfig cfg) {
        this.settings = cfg.guard();
        this.config = cfg.config();
        this.clock = cfg.clock();
        this.aliasTopic = cfg.topics().aliases().name();
        this.aliases = cfg.serdes().decoder(cfg.topics().aliases());
    }

    /** Sums over outcomes. */
    private static final class Counters {
        long calls;
        long failures;
        long judged;
        double quality;

        double meanQuality() {
            return judged == 0 ? Double.NaN : quality / judged;
        }

        double errorRate() {
            return calls == 0 ? 0 : (double) failures / calls;
        }
    }

    /** Per alias: the binding time the current counters belong to, and counters before it per model. */
    private static final class GuardState {
        long boundAt = Long.MIN_VALUE;
        long rolledBack = Long.MIN_VALUE;
        String currentModel = "";
        Counters current = new Counters();
        Map<String, Counters> before = new TreeMap<>();
    }

    @Override
    public void init(ProcessorContext<String, AliasBinding> context) {
        this.context = context;
        this.stats = context.getStateStore(LearnerTopology.GUARD_STATS_STORE);
        this.bindings = context.getStateStore(LearnerTopology.GUARD_ALIASES_STORE);
    }

    @Override
    public void process(Record<String, AliasOutcome> record) {
        AliasOutcome o = record.value();
        if (o == null) {
            return;
        }
        AliasBinding binding = binding(o.alias());
        GuardState state = load(o.alias());
        if (binding == null) {
            // Bound only in routeplane.yaml: nothing to roll back to, but this is the baseline of a later re-binding.
            count(state.before.computeIfAbsent(o.model(), k -> new Counters()), o);
            stats.put(o.alias(), encode(state));
            return;
        }
        long boundAt = binding.getBoundAt().toEpochMilli();
        if (state.boundAt != boundAt) {
            // A new binding: what was "current" is now history of its model under this alias.
            if (!state.currentModel.isEmpty() && state.current.calls + state.current.judged > 0) {
                merge(state.before.computeIfAbsent(state.currentModel, k -> new Counters()), state.current);
            }
            state.current = new Counters();
            state.boundAt = boundAt;
            state.currentModel = modelId(binding.getProvider(), binding.getModel());
        }
        boolean underCurrent = o.decidedAt() >= boundAt && o.model().equals(state.currentModel);
        count(underCurrent ? state.current : state.before.computeIfAbsent(o.model(), k -> new Counters()), o);
        if (underCurrent && state.rolledBack != boundAt) {
            String why = regression(state, binding);
            if (why != null) {
                AliasBinding back = AliasHistory.rollback(binding, why, CHANGED_BY, clock.instant());
                context.forward(new Record<>(o.alias(), back, clock.millis()));
                state.rolledBack = boundAt;
                LOG.warn("Online guard rolled alias {} back from {}: {}", o.alias(), state.currentModel, why);
            }
        }
        stats.put(o.alias(), encode(state));
    }

    /** Why the current binding regressed, or null. */
    private String regression(GuardState state, AliasBinding binding) {
        List<AliasHistoryEntry> previous = binding.getPrevious();
        if (previous == null || previous.isEmpty()) {
            return null;
        }
        String prevModel =
                modelId(previous.get(0).getProvider(), previous.get(0).getModel());
        Counters now = state.current;
        Counters before = state.before.get(prevModel);
        if (now.calls >= settings.minCalls() && now.errorRate() > settings.maxErrorRate()) {
            return String.format(
                    Locale.ROOT,
                    "online guard: error rate of %s %.3f over %d results > %.3f",
                    state.currentModel,
                    now.errorRate(),
                    now.calls,
                    settings.maxErrorRate());
        }
        if (before != null && now.judged >= settings.minFeedback() && before.judged >= settings.minFeedback()) {
            double drop = before.meanQuality() - now.meanQuality();
            if (drop > settings.maxQualityDrop()) {
                return String.format(
                        Locale.ROOT,
                        "online guard: feedback quality of %s %.3f over %d items vs %s %.3f "
                                + "over %d before (-%.3f > %.3f)",
                        state.currentModel,
                        now.meanQuality(),
                        now.judged,
                        prevModel,
                        before.meanQuality(),
                        before.judged,
                        drop,
                        settings.maxQualityDrop());
            }
        }
        return null;
    }

    private String modelId(String provider, String model) {
        return AliasHistory.modelId(provider, model, config);
    }

    private static void count(Counters c, AliasOutcome o) {
        if (Double.isNaN(o.quality())) {
            c.calls++;
            if (o.failed()) {
                c.failures++;
            }
        } else {
            c.judged++;
            c.quality += o.quality();
        }
    }

    private static void merge(Counters into, Counters from) {
        into.calls += from.calls;
        into.failures += from.failures;
        into.judged += from.judged;
        into.quality += from.quality;
    }

    private AliasBinding binding(String alias) {
        byte[] bytes = bindings.get(alias);
        if (bytes == null) {
            return null;
        }
        try {
            return aliases.decode(aliasTopic, -1, -1, bytes);
        } catch (UndecodableRecordException e) {
            if (e.kind().retriable()) {
                throw e;
            }
            return null;
        }
    }

    private GuardState load(String alias) {
        byte[] bytes = stats.get(alias);
        GuardState s = new GuardState();
        if (bytes == null) {
            return s;
        }
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(bytes))) {
            s.boundAt = in.readLong();
            s.rolledBack = in.readLong();
            s.currentModel = in.readUTF();
            s.current = readCounters(in);
            int n = in.readInt();
            for (int i = 0; i < n; i++) {
                s.before.put(in.readUTF(), readCounters(in));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return s;
    }

    private static byte[] encode(GuardState s) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(128);
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeLong(s.boundAt);
            out.writeLong(s.rolledBack);
            out.writeUTF(s.currentModel);
            writeCounters(out, s.current);
            out.writeInt(s.before.size());
            for (Map.Entry<String, Counters> e : s.before.entrySet()) {
                out.writeUTF(e.getKey());
                writeCounters(out, e.getValue());
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    private static Counters readCounters(DataInputStream in) throws IOException {
        Counters c = new Counters();
        c.calls = in.readLong();
        c.failures = in.readLong();
        c.judged = in.readLong();
        c.quality = in.readDouble();
        return c;
    }

    private static void writeCounters(DataOutputStream out, Counters c) throws IOException {
        out.writeLong(c.calls);
        out.writeLong(c.failures);
        out.writeLong(c.judged);
        out.writeDouble(c.quality);
    }
}
