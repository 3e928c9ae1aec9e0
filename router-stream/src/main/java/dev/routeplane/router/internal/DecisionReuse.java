package dev.routeplane.router.internal;

import dev.routeplane.contract.ExecutionTask;
import dev.routeplane.contract.RouteRequest;
import dev.routeplane.contract.RoutingDecision;
import java.io.IOException;
import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificDatumWriter;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Serializer;

/**
 * Encodes each routed request's decision once. The processor forwards the decision to the decisions sink and then
 * the task (request + the same decision object) to the exec sink, synchronously on the stream thread; the
 * decision serializer remembers the Avro body it wrote, and the task serializer splices it in instead of encoding
 * the decision again. An Avro record's binary form is its fields' forms back to back, so the spliced bytes equal
 * the registry serializer's; the task serializer checks that on the first task of each topic and uses the
 * registry serializer for that topic from then on if they ever differ (a projected writer schema, say).
 *
 * <p>Both serializers are shared by all stream threads: per-thread state lives in thread locals.
 */
public final class DecisionReuse {
    private static final int HEADER_LENGTH = 5;
    private static final byte[] USE_REGISTRY = new byte[0];

    private final ThreadLocal<Encoded> lastDecision = new ThreadLocal<>();
    private final ThreadLocal<Buffer> buffers = ThreadLocal.withInitial(Buffer::new);
    private final SpecificDatumWriter<RouteRequest> requestWriter = new SpecificDatumWriter<>(
            RouteRequest.getClassSchema(), SpecificData.getForSchema(RouteRequest.getClassSchema()));
    /** Per exec topic: the task schema id header, or {@link #USE_REGISTRY} when splicing would differ. */
    private final Map<String, byte[]> taskHeaders = new ConcurrentHashMap<>();

    private record Encoded(RoutingDecision decision, byte[] bytes) {}

    /** Wraps the decisions topic's registry serializer so it remembers what it wrote. */
    public Serializer<RoutingDecision> decisions(Serializer<RoutingDecision> registry) {
        return (topic, decision) -> {
            byte[] bytes = registry.serialize(topic, decision);
            lastDecision.set(decision == null ? null : new Encoded(decision, bytes));
            return bytes;
        };
    }

    /** Wraps the exec topics' registry serializer so tasks reuse the decision bytes just written. */
    public Serializer<ExecutionTask> tasks(Serializer<ExecutionTask> registry) {
        return (topic, task) -> {
            Encoded decision = lastDecision.get();
            lastDecision.remove();
            if (task == null
                    || decision == null
                    || decision.decision() != task.getDecision()
                    || !task.getPreviousAttempts().isEmpty()
                    || !task.getCascadeAnswers().isEmpty()
                    || !task.getCascadeScores().isEmpty()
                    || task.getShadowOf() != null
                    || decision.bytes().length <= HEADER_LENGTH) {
                return registry.serialize(topic, task);
            }
            byte[] header = taskHeaders.get(topic);
            if (header == null) {
                byte[] expected = registry.serialize(topic, task);
                byte[] candidate = Arrays.copyOf(expected, HEADER_LENGTH);
                boolean same = expected.length > HEADER_LENGTH
                        && Arrays.equals(expected, splice(topic, candidate, task, decision));
                taskHeaders.put(topic, same ? candidate : USE_REGISTRY);
                return expected;
            }
            return header == USE_REGISTRY ? registry.serialize(topic, task) : splice(topic, header, task, decision);
        };
    }

    /** True once tasks for {@code topic} are spliced (their first task matched the registry's bytes). */
    boolean splicing(String topic) {
        byte[] header = taskHeaders.get(topic);
        return header != null && header != USE_REGISTRY;
    }

    private byte[] splice(String topic, byte[] header, ExecutionTask task, Encoded decision) {
        Buffer out = buffers.get();
        out.reset();
        try {
            out.write(header, 0, HEADER_LENGTH);
            out.encoder = EncoderFactory.get().directBinaryEncoder(out, out.encoder);
            requestWriter.write(task.getRequest(), out.encoder);
            out.encoder.writeFixed(decision.bytes(), HEADER_LENGTH, decision.bytes().length - HEADER_LENGTH);
            out.encoder.writeInt(task.getAttempt());
            for (int emptyArray = 0; emptyArray < 2; emptyArray++) { // previousAttempts, cascadeAnswers
                out.encoder.writeArrayStart();
                out.encoder.setItemCount(0);
                out.encoder.writeArrayEnd();
            }
            out.encoder.writeIndex(0); // shadowOf: null
            Integer stage = task.getCascadeStage();
            if (stage == null) {
                out.encoder.writeIndex(0); // cascadeStage: null
            } else {
                out.encoder.writeIndex(1);
                out.encoder.writeInt(stage);
            }
            out.encoder.writeArrayStart(); // cascadeScores: none before a cascade's stages have answered
            out.encoder.setItemCount(0);
            out.encoder.writeArrayEnd();
            out.encoder.flush();
        } catch (IOException | RuntimeException e) {
            throw new SerializationException(
                    "Cannot serialize ExecutionTask for topic " + topic + ": " + e.getMessage(), e);
        }
        return out.toByteArray();
    }

    /** A growable byte buffer kept per thread, so a task's encoding does not regrow from 256 bytes each time. */
    private static final class Buffer extends java.io.ByteArrayOutputStream {
        BinaryEncoder encoder;

        Buffer() {
            super(8192);
        }
    }
}
