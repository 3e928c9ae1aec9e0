package dev.routeplane.schemas.streams;

import java.util.Properties;
import org.apache.kafka.streams.StreamsConfig;

/**
 * Turns off Kafka Streams' task idling ({@code max.task.idle.ms=-1}) for a Routeplane application.
 *
 * <p>With the default ({@code 0}) a task whose inputs span several topics checks, before every record, whether an
 * input partition with nothing buffered has data on the broker, and waits for it so that records are processed in
 * timestamp order across the inputs. Kafka Streams 4.3 builds its log messages for that check with
 * {@code String.format} whether or not they are logged, once per empty input partition per record: in {@code bench
 * e2e} at 1,250 req/s that was 13% of the ledger's stream thread, 22% of the alias guard's and 6% of the router's
 * (docs/benchmarks.md, twelfth session). Routeplane's processors do not rely on that order: their inputs come from
 * independent producers (requests, results, cost events, intents, feedback) and each join keeps whichever side arrives
 * first (the ledger's close marks and pending feedback, the router's parked requests), so the cross-topic order was
 * never guaranteed to them. With idling off a task processes what it has buffered.
 */
public final class TaskIdling {
    private TaskIdling() {}

    /** Sets {@code max.task.idle.ms=-1} on {@code props}; returns them. */
    public static Properties off(Properties props) {
        props.put(StreamsConfig.MAX_TASK_IDLE_MS_CONFIG, StreamsConfig.MAX_TASK_IDLE_MS_DISABLED);
        return props;
    }
}
