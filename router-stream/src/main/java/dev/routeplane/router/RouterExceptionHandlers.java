package dev.routeplane.router;

import dev.routeplane.contract.RejectedRequest;
import dev.routeplane.schemas.ReasonCodes;
import dev.routeplane.schemas.RejectedRecords;
import dev.routeplane.schemas.RouteplaneSerdes;
import dev.routeplane.schemas.SchemaRegistryException;
import dev.routeplane.schemas.Topics;
import dev.routeplane.schemas.UndecodableRecordException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.streams.errors.DeserializationExceptionHandler;
import org.apache.kafka.streams.errors.ErrorHandlerContext;
import org.apache.kafka.streams.errors.ProcessingExceptionHandler;
import org.apache.kafka.streams.processor.api.Record;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The router's last line of defence, wired by {@link RouterStreamsConfig}. The processors already turn bad
 * input and per-request bugs into rejections; these handlers catch what escapes them. A non-retriable failure
 * on a request becomes a {@code RejectedRequest} written through Kafka Streams' dead-letter records
 * (KIP-1034) to rp.requests.rejected.v1 in the same transaction, and processing continues; a failure on
 * another source is logged with its coordinates and skipped. A retriable failure (registry unreachable) fails
 * the task so the transaction aborts and the records are processed again: nothing is rejected for an outage.
 *
 * <p>Logs carry coordinates, processor, key (the tenant) and exception class, never record values or
 * exception messages, which could quote prompt text.
 */
public final class RouterExceptionHandlers {
    /** Streams property naming the topic prefix the handlers write rejections under; defaults to {@code rp}. */
    public static final String TOPIC_PREFIX_CONFIG = "routeplane.topic.prefix";

    private static final Logger LOG = LoggerFactory.getLogger(RouterExceptionHandlers.class);

    private RouterExceptionHandlers() {}

    /** True if the failure may succeed on a retry. */
    static boolean retriable(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof UndecodableRecordException u && u.kind().retriable()) {
                return true;
            }
            if (t instanceof SchemaRegistryException s && s.isRetriable()) {
                return true;
            }
        }
        return false;
    }

    /** Builds dead-letter rejection records; shared by both handlers. */
    static final class DeadLetters {
        private String requestsTopic;
        private String rejectedTopic;
        private Serializer<RejectedRequest> serializer;

        void configure(Map<String, ?> configs) {
            Object prefix = configs.get(TOPIC_PREFIX_CONFIG);
            Topics topics = Topics.withPrefix(prefix == null ? Topics.DEFAULT_PREFIX : prefix.toString(), 1);
            requestsTopic = topics.requests().name();
            rejectedTopic = topics.requestsRejected().name();
            serializer = new RouteplaneSerdes(configs)
                    .valueSerde(topics.requestsRejected())
                    .serializer();
        }

        boolean isRequests(String topic) {
            return requestsTopic.equals(topic);
        }

        List<ProducerRecord<byte[], byte[]>> rejection(
                ErrorHandlerContext ctx, byte[] key, String code, String detail, byte[] rawValue) {
            RejectedRequest rejected = RejectedRecords.withRawValue(
                            RejectedRequest.newBuilder()
                                    .setRequestId(null)
                                    .setTenantId(key == null ? null : new String(key, StandardCharsets.UTF_8))
                                    .setReasonCode(code)
                                    .setDetail(detail)
                                    .setSourceTopic(ctx.topic())
                                    .setSourcePartition(ctx.partition())
                                    .setSourceOffset(ctx.offset())
                                    .setRejectedAt(Instant.now()),
                            rawValue)
                    .build();
            byte[] outKey = key != null
                    ? key
                    : (ctx.topic() + "-" + ctx.partition() + "@" + ctx.offset()).getBytes(StandardCharsets.UTF_8);
            return List.of(
                    new ProducerRecord<>(rejectedTopic, null, outKey, serializer.serialize(rejectedTopic, rejected)));
        }
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
            if (retriable(exception)) {
                LOG.warn(
                        "Retriable failure in {} at {}-{}@{} ({}); failing the task to retry",
                        ctx.processorNodeId(),
                        ctx.topic(),
                        ctx.partition(),
                        ctx.offset(),
                        exception.getClass().getName());
                return Response.fail();
            }
            LOG.error(
                    "Unexpected failure in {} at {}-{}@{} for key {}: {}",
                    ctx.processorNodeId(),
                    ctx.topic(),
                    ctx.partition(),
                    ctx.offset(),
                    record.key(),
                    exception.getClass().getName());
            if (!deadLetters.isRequests(ctx.topic())) {
                return Response.resume();
            }
            return Response.resume(deadLetters.rejection(
                    ctx,
                    ctx.sourceRawKey(),
                    ReasonCodes.INTERNAL_ERROR,
                    "the router failed on this request (" + exception.getClass().getSimpleName()
                            + "); it was not routed, resubmit it or report its coordinates",
                    null));
        }
    }

    /** {@code deserialization.exception.handler}: the router's sources read bytes, so this is only a safety net. */
    public static final class Deserialization implements DeserializationExceptionHandler {
        private final DeadLetters deadLetters = new DeadLetters();

        @Override
        public void configure(Map<String, ?> configs) {
            deadLetters.configure(configs);
        }

        @Override
        public Response handleError(
                ErrorHandlerContext ctx, ConsumerRecord<byte[], byte[]> record, Exception exception) {
            if (retriable(exception)) {
                return Response.fail();
            }
            LOG.warn(
                    "Undeserializable record at {}-{}@{}: {}",
                    ctx.topic(),
                    ctx.partition(),
                    ctx.offset(),
                    exception.getClass().getName());
            if (!deadLetters.isRequests(ctx.topic())) {
                return Response.resume();
            }
            return Response.resume(deadLetters.rejection(
                    ctx,
                    record.key(),
                    ReasonCodes.UNDESERIALIZABLE,
                    "record at " + ctx.topic() + " partition " + ctx.partition() + " offset " + ctx.offset()
                            + " could not be deserialized ("
                            + exception.getClass().getSimpleName() + ")",
                    record.value()));
        }
    }
}
