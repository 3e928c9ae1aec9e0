package dev.routeplane.router;

import dev.routeplane.contract.ExecutionResult;
import dev.routeplane.contract.ResultStatus;
import dev.routeplane.contract.RouteRequest;
import dev.routeplane.router.internal.RecordFactory;
import dev.routeplane.schemas.ReasonCodes;
import dev.routeplane.schemas.RecordDecoder;
import dev.routeplane.schemas.RouteplaneSerdes;
import dev.routeplane.schemas.Topics;
import dev.routeplane.schemas.TransientFailures;
import dev.routeplane.schemas.streams.DeadLetters;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.streams.errors.ErrorHandlerContext;
import org.apache.kafka.streams.errors.ProductionExceptionHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code production.exception.handler} of the router: the last line of defence that keeps one record from stalling a
 * partition. With exactly-once and a failing send, the default fails the task, which replays the same input and fails
 * the same way forever, stopping routing for every tenant on the partition. Here a send that cannot succeed (a task
 * over the producer's {@code max.request.size} because the limits disagree, an output that cannot be serialized) ends
 * the request it came from instead: a {@code RejectedRequest} naming its coordinates and the request's terminal
 * REJECTED result, written in the same transaction, and routing goes on; its reservation is released by that result.
 * A transient failure (registry or broker unreachable) still fails the task, to be retried.
 *
 * <p>The request's validator refuses oversized requests first ({@code router.maxRequestBytes}); this handler only
 * acts when a producer limit is set below it. Logs carry coordinates and exception class, never values.
 */
public final class RouterProductionHandler implements ProductionExceptionHandler {
    private static final Logger LOG = LoggerFactory.getLogger(RouterProductionHandler.class);

    private final DeadLetters deadLetters = new DeadLetters();
    private String requestsTopic;
    private String resultsTopic;
    private RecordDecoder<RouteRequest> requests;
    private Serializer<ExecutionResult> results;
    /** The input record last ended here: a request whose decision and task both fail is ended once. */
    private String lastEnded;

    @Override
    public void configure(Map<String, ?> configs) {
        deadLetters.configure(configs);
        Object prefix = configs.get(DeadLetters.TOPIC_PREFIX_CONFIG);
        Topics topics = Topics.withPrefix(prefix == null ? Topics.DEFAULT_PREFIX : prefix.toString(), 1);
        RouteplaneSerdes serdes = new RouteplaneSerdes(configs);
        requestsTopic = topics.requests().name();
        resultsTopic = topics.results().name();
        requests = serdes.decoder(topics.requests());
        results = serdes.valueSerde(topics.results()).serializer();
    }

    @Override
    public Response handleError(ErrorHandlerContext ctx, ProducerRecord<byte[], byte[]> record, Exception exception) {
        return handle(ctx, record.topic(), exception);
    }

    @Override
    public Response handleSerializationError(
            ErrorHandlerContext ctx, ProducerRecord record, Exception exception, SerializationExceptionOrigin origin) {
        return handle(ctx, record.topic(), exception);
    }

    private synchronized Response handle(ErrorHandlerContext ctx, String outputTopic, Exception exception) {
        if (TransientFailures.isTransient(exception)) {
            LOG.warn(
                    "Transient failure writing to {} for input {}-{}@{} ({}); failing the task to retry",
                    outputTopic,
                    ctx.topic(),
                    ctx.partition(),
                    ctx.offset(),
                    exception.getClass().getName());
            return Response.fail();
        }
        String coordinates = ctx.topic() + "-" + ctx.partition() + "@" + ctx.offset();
        LOG.error(
                "Cannot write to {} for input {} ({}); ending the request instead of retrying forever",
                outputTopic,
                coordinates,
                exception.getClass().getName());
        if (!requestsTopic.equals(ctx.topic()) || coordinates.equals(lastEnded)) {
            return Response.resume();
        }
        lastEnded = coordinates;
        String code = exception instanceof RecordTooLargeException
                ? ReasonCodes.REQUEST_TOO_LARGE
                : ReasonCodes.INTERNAL_ERROR;
        String detail = exception instanceof RecordTooLargeException
                ? "the routed task is larger than the router's producer allows (max.request.size, below"
                        + " router.maxRequestBytes); shorten the request or raise the limit"
                : "the router could not write its output for this request ("
                        + exception.getClass().getSimpleName()
                        + "); resubmit it with a new requestId or report its coordinates";
        RouteRequest request = decodeSource(ctx);
        List<ProducerRecord<byte[], byte[]>> out = new ArrayList<>(deadLetters.rejection(
                ctx,
                request == null ? null : request.getRequestId(),
                request == null ? null : request.getTenantId(),
                ctx.sourceRawKey(),
                code,
                detail,
                null));
        if (request != null) {
            ExecutionResult refused = RecordFactory.refusedResult(
                    request, new Rejection(code, detail), ResultStatus.REJECTED, Instant.now());
            out.add(new ProducerRecord<>(
                    resultsTopic,
                    null,
                    request.getTenantId().getBytes(StandardCharsets.UTF_8),
                    results.serialize(resultsTopic, refused)));
        }
        return Response.resume(out);
    }

    private RouteRequest decodeSource(ErrorHandlerContext ctx) {
        try {
            return requests.decode(ctx.topic(), ctx.partition(), ctx.offset(), ctx.sourceRawValue());
        } catch (RuntimeException e) {
            return null; // the rejection still names the coordinates
        }
    }
}
