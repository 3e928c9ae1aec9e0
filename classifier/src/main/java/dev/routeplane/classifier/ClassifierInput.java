package dev.routeplane.classifier;

import java.util.List;
import java.util.Objects;

/**
 * What the classifier reads from a request: its messages (oldest first) and the caller's hints.
 * Deliberately independent of the Avro contract; the router maps its {@code RouteRequest} to this.
 *
 * @param messages conversation, oldest first; may be empty
 * @param hints caller hints; null means {@link Hints#none()}
 */
public record ClassifierInput(List<Message> messages, Hints hints) {

    public ClassifierInput {
        messages = List.copyOf(Objects.requireNonNull(messages, "messages"));
        hints = hints == null ? Hints.none() : hints;
    }

    /** Messages with no hints. */
    public static ClassifierInput of(Message... messages) {
        return new ClassifierInput(List.of(messages), Hints.none());
    }
}
