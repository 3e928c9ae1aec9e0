package dev.routeplane.schemas.streams;

import dev.routeplane.schemas.ReasonCodes;
import dev.routeplane.schemas.Topics;
import dev.routeplane.schemas.TransientFailures;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.errors.DeserializationExceptionHandler;
import org.apache.kafka.streams.errors.ErrorHandlerContext;
import org.apache.kafka.streams.errors.ProcessingExceptionHandler;
import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse;
import org.apache.kafka.streams.processor.api.Record;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The failure handling every Routeplane Kafka Streams service runs with (router, ledger, learner), so none stops on
 * one bad record or a registry outage:
 *
 * <ul>
 *   <li>a transient failure (registry or broker unreachable, {@link TransientFailures}) fails the task: its
 *       transaction aborts, the thread is replaced ({@link #replaceThread}) and the records are processed again,
 *       so nothing is dead-lettered for an outage;
 *   <li>a record that cannot be deserialized becomes a dead letter ({@code UNDESERIALIZABLE}, raw bytes kept) and
 *       processing continues;
 *   <li>a processor that throws on one record turns it into a dead letter ({@code INTERNAL_ERROR}) and processing
 *       continues.
 * </ul>
 *
 * Dead letters are written only for the sources listed in {@link DeadLetters#SOURCES_CONFIG}; a bad record of another
 * source is logged with its coordinates and skipped. Logs carry coordinates, processor, key and exception class,
 * never record values or exception messages, which could quote prompt text.
 */
public final class StreamsFailureHandlers {
    private static final Logger LOG = LoggerFactory.getLogger(StreamsFailureHandlers.class);

    private StreamsFailureHandlers() {}

    /**
     * Sets the handlers on {@code props}: dead letters under {@code topics}' prefix for bad records of
     * {@code deadLetterSources}.
     */
    public static Properties configure(Properties props, Topics topics, Collection<String> deadLetterSources) {
        props.put(StreamsConfig.PROCESSING_EXCEPTION_HANDLER_CLASS_CONFIG, Processing.class);
        props.put(StreamsConfig.DESERIALIZATION_EXCEPTION_HANDLER_CLASS_CONFIG, Deserialization.class);
        props.put(DeadLetters.TOPIC_PREFIX_CONFIG, topics.prefix());
        props.put(DeadLetters.SOURCES_CONFIG, String.join(",", deadLetterSources));
        return props;
    }

    /**
     * Replaces a stream thread that died (a transient failure fails its task on purpose) instead of stopping the
     * client; {@code service} names it in the log.
     */
    public static void replaceThread(KafkaStreams streams, String service) {
        streams.setUncaughtExceptionHandler(e -> {
            LOG.error(
                    "{} stream thread failed ({}{}); replacing it",
                    service,
                    e.getClass().getName(),
                    TransientFailures.isTransient(e) ? ", transient" : "");
            return StreamThreadExceptionResponse.REPLACE_THREAD;
        });
    }

    /**
     * What to do with a failed record: null to fail the task (a transient failure, retried), else the dead letters to
     * write and go on (none for a source that is not dead-lettered).
     */
    private static List<ProducerRecord<byte[], byte[]>> deadLettersFor(
            DeadLetters deadLetters,
            ErrorHandlerContext ctx,
            Exception exception,
            byte[] key,
            String code,
            String detail,
            byte[] rawValue) {
        if (TransientFailures.isTransient(exception)) {
            LOG.warn(
                    "Transient failure in {} at {}-{}@{} ({}); failing the task to retry",
                    ctx.processorNodeId(),
                    ctx.topic(),
                    ctx.partition(),
                    ctx.offset(),
                    exception.getClass().getName());
            return null;
        }
        LOG.error(
                "{} at {}-{}@{} in {}: {}",
                code,
                ctx.topic(),
                ctx.partition(),
                ctx.offset(),
                ctx.processorNodeId(),
                exception.getClass().getName());
        return deadLetters.covers(ctx.topic())
                ? deadLetters.rejection(ctx, null, null, key, code, detail, rawValue)
                : List.of();
    }

    /** {@code processing.exception.handler}: exceptions thrown by a processor. */
    public static final class Processing implements ProcessingExceptionHandler {
        private final DeadLetters deadLetters = new DeadLetters();

        @Override
        public void configure(Map<String, ?> configs) {
            deadLetters.configure(configs);
        }

        @Override
        public Response handleError(ErrorHandlerContext ctx, Record<?, ?> record, Exception exception) {
            List<ProducerRecord<byte[], byte[]>> letters = deadLettersFor(
                    deadLetters,
                    ctx,
                    exception,
                    ctx.sourceRawKey(),
                    ReasonCodes.INTERNAL_ERROR,
                    "processing failed on this record (" + exception.getClass().getSimpleName()
                            + "); it was skipped, report its coordinates",
                    null);
            return letters == null ? Response.fail() : Response.resume(letters);
        }
    }

    /** {@code deserialization.exception.handler}: records whose bytes do not decode. */
    public static final class Deserialization implements DeserializationExceptionHandler {
        private final DeadLetters deadLetters = new DeadLetters();

        @Override
        public void configure(Map<String, ?> configs) {
            deadLetters.configure(configs);
        }

        @Override
        public Response handleError(
                ErrorHandlerContext ctx, ConsumerRecord<byte[], byte[]> record, Exception exception) {
            List<ProducerRecord<byte[], byte[]>> letters = deadLettersFor(
                    deadLetters,
                    ctx,
                    exception,
                    record.key(),
                    ReasonCodes.UNDESERIALIZABLE,
                    "record at " + ctx.topic() + " partition " + ctx.partition() + " offset " + ctx.offset()
                            + " could not be deserialized ("
                            + exception.getClass().getSimpleName() + ")",
                    record.value());
            return letters == null ? Response.fail() : Response.resume(letters);
        }
    }
}
