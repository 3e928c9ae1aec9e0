package dev.routeplane.executors.internal;

import dev.routeplane.schemas.RouteplaneSerdes;
import dev.routeplane.schemas.Topics;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;

/**
 * The Kafka clients a worker writes and follows through that are not tied to its provider: the {@link OutputWriter}
 * (one idempotent producer for results, claims, intents, cost events, fallbacks and health), the done-marker tail
 * ({@link DoneMarkers}, which reads every request's claim and marker whatever its provider) and the
 * batch-cancellation follower ({@link BatchCancellations}). The workers of one JVM can share one set: one producer
 * then carries every provider's records to the broker in the same requests, and every marker is read once rather than
 * once per provider. Closing closes all three; whoever started them closes them, after the workers using them.
 *
 * @param out           the producer's writer
 * @param done          the done-marker tail
 * @param cancellations the cancelled batches
 */
public record WorkerClients(OutputWriter out, DoneMarkers done, BatchCancellations cancellations)
        implements AutoCloseable {

    public WorkerClients {
        Objects.requireNonNull(out, "out");
        Objects.requireNonNull(done, "done");
        Objects.requireNonNull(cancellations, "cancellations");
    }

    /**
     * Starts the three; returns once the tail and the follower have caught up (as {@link DoneMarkers#start} and
     * {@link BatchCancellations#start} do). The done-marker topic must exist. If one fails to start, those started are
     * closed.
     *
     * @param clientId the producer's {@code client.id}; the follower's is {@code clientId + "-batches"}
     */
    public static WorkerClients start(
            Map<String, Object> kafka,
            RouteplaneSerdes serdes,
            Topics topics,
            Clock clock,
            Duration doneLookback,
            String clientId) {
        OutputWriter out = new OutputWriter(kafka, serdes, topics, clientId);
        DoneMarkers done = null;
        try {
            done = DoneMarkers.start(kafka, topics, clock, doneLookback);
            return new WorkerClients(out, done, BatchCancellations.start(kafka, topics, serdes, clientId + "-batches"));
        } catch (RuntimeException e) {
            if (done != null) {
                done.close();
            }
            out.close();
            throw e;
        }
    }

    /** Whether the done-marker tail and the cancellation follower both still read. */
    public boolean reading() {
        return done.reading() && cancellations.reading();
    }

    @Override
    public void close() {
        done.close();
        cancellations.close();
        out.close();
    }
}
