package dev.routeplane.classifier;

import dev.routeplane.config.DataClass;
import dev.routeplane.config.LatencyClass;
import dev.routeplane.config.TaskType;
import java.util.ArrayList;
import java.util.List;

/**
 * Caller-supplied routing hints. Explicit hints win over heuristics for the feature they name.
 *
 * @param taskType declared task type, or null to infer it
 * @param latencyClass declared urgency, or null for {@link LatencyClass#BACKGROUND}
 * @param dataClass declared data class, or null; detectors and tags can still raise it
 * @param tags policy tags (case-insensitive); data-class tags such as {@code confidential} or
 *     {@code pii} are mapped by {@link ClassifierConfig#tagDataClasses()}
 * @param tools tools offered to the model
 * @param responseFormat requested response format such as {@code json_object}, {@code json_schema}
 *     or {@code text}, or null
 * @param maxOutputTokens upper bound on generated tokens, or null
 * @param hasImages true when the request carries image parts
 */
public record Hints(
        TaskType taskType,
        LatencyClass latencyClass,
        DataClass dataClass,
        List<String> tags,
        List<Tool> tools,
        String responseFormat,
        Integer maxOutputTokens,
        boolean hasImages) {

    private static final Hints NONE = builder().build();

    public Hints {
        tags = tags == null ? List.of() : List.copyOf(tags);
        tools = tools == null ? List.of() : List.copyOf(tools);
    }

    /** No hints at all. */
    public static Hints none() {
        return NONE;
    }

    /** A builder starting from no hints. */
    public static Builder builder() {
        return new Builder();
    }

    /** Builds {@link Hints}; every field is optional. */
    public static final class Builder {
        private TaskType taskType;
        private LatencyClass latencyClass;
        private DataClass dataClass;
        private final List<String> tags = new ArrayList<>();
        private final List<Tool> tools = new ArrayList<>();
        private String responseFormat;
        private Integer maxOutputTokens;
        private boolean hasImages;

        private Builder() {}

        public Builder taskType(TaskType taskType) {
            this.taskType = taskType;
            return this;
        }

        public Builder latencyClass(LatencyClass latencyClass) {
            this.latencyClass = latencyClass;
            return this;
        }

        public Builder dataClass(DataClass dataClass) {
            this.dataClass = dataClass;
            return this;
        }

        public Builder tags(String... tags) {
            this.tags.addAll(List.of(tags));
            return this;
        }

        public Builder tools(Tool... tools) {
            this.tools.addAll(List.of(tools));
            return this;
        }

        public Builder responseFormat(String responseFormat) {
            this.responseFormat = responseFormat;
            return this;
        }

        public Builder maxOutputTokens(Integer maxOutputTokens) {
            this.maxOutputTokens = maxOutputTokens;
            return this;
        }

        public Builder hasImages(boolean hasImages) {
            this.hasImages = hasImages;
            return this;
        }

        public Hints build() {
            return new Hints(
                    taskType, latencyClass, dataClass, tags, tools, responseFormat, maxOutputTokens, hasImages);
        }
    }
}
