package dev.routeplane.simulator;

import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Which recorded row a REPLAY provider answers a request from, by the request id the caller names in
 * {@value #HEADER} (Routeplane's executors send their request id there on every call). Whoever drives a replay binds
 * each request to its row before sending it, because a prompt's text alone may belong to several rows (the same
 * question in the train and the test split, answered and scored differently). A request bound to no row is answered
 * from the one row with its prompt. Thread-safe.
 */
public final class ReplayRows {
    /** The request header naming the caller's request id. */
    public static final String HEADER = "X-Client-Request-Id";

    private final Map<String, String> rowByRequest = new ConcurrentHashMap<>();

    /** Answers calls for {@code requestId} from the row with key {@code rowKey} ({@link ReplaySample#key()}). */
    public void bind(String requestId, String rowKey) {
        rowByRequest.put(Objects.requireNonNull(requestId, "requestId"), Objects.requireNonNull(rowKey, "rowKey"));
    }

    /** Forgets {@code requestId}'s row, once its calls are done. */
    public void unbind(String requestId) {
        rowByRequest.remove(requestId);
    }

    /** The row key bound to {@code requestId}, if any. */
    Optional<String> rowOf(String requestId) {
        return requestId == null ? Optional.empty() : Optional.ofNullable(rowByRequest.get(requestId));
    }
}
