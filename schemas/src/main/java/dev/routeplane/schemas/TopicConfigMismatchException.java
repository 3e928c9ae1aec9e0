package dev.routeplane.schemas;

import org.apache.kafka.common.KafkaException;

/**
 * An existing topic's {@code cleanup.policy} differs from what Routeplane requires. Bootstrapping never
 * alters existing topics, so an operator has to fix the topic (or point Routeplane at another prefix).
 */
public class TopicConfigMismatchException extends KafkaException {
    private static final long serialVersionUID = 1L;

    private final String topic;
    private final String expected;
    private final String actual;

    public TopicConfigMismatchException(String topic, String expected, String actual) {
        super("Topic " + topic + " exists with cleanup.policy=" + actual + " but Routeplane requires cleanup.policy="
                + expected + "; change it with kafka-configs.sh --alter --entity-type topics --entity-name " + topic
                + " --add-config cleanup.policy=" + expected + ", or use a different topic prefix");
        this.topic = topic;
        this.expected = expected;
        this.actual = actual;
    }

    /** Name of the offending topic. */
    public String topic() {
        return topic;
    }

    /** Required {@code cleanup.policy} value, e.g. {@code compact}. */
    public String expected() {
        return expected;
    }

    /** The topic's actual {@code cleanup.policy} value, e.g. {@code delete}. */
    public String actual() {
        return actual;
    }
}
