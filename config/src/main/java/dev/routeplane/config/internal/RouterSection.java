package dev.routeplane.config.internal;

import dev.routeplane.config.RouterSettings;

/** Reads {@code router:}; every key is optional and falls back to {@link RouterSettings#defaults()}. */
final class RouterSection {
    private static final int INT_MAX = Integer.MAX_VALUE;

    private RouterSection() {}

    static RouterSettings parse(YamlMap router) {
        RouterSettings d = RouterSettings.defaults();
        if (router == null) {
            return d;
        }
        RouterSettings settings = new RouterSettings(
                router.integerOr("maxPromptBytes", d.maxPromptBytes(), 1, Long.MAX_VALUE),
                router.integerOr("maxRequestBytes", d.maxRequestBytes(), 1, Long.MAX_VALUE),
                (int) router.integerOr("maxPromptTokens", d.maxPromptTokens(), 1, INT_MAX),
                (int) router.integerOr("defaultMaxOutputTokens", d.defaultMaxOutputTokens(), 1, INT_MAX),
                router.integerOr("defaultDeadlineMs", d.defaultDeadlineMs(), 1, Long.MAX_VALUE),
                (int) router.integerOr("maxToolCalls", d.maxToolCalls(), 0, INT_MAX),
                // Above one half, "exploration" would be the main traffic and learned scores would stop mattering.
                router.decimalOr("explorationShare", d.explorationShare(), 0.0, 0.5),
                router.integerOr("statsMaxAgeMs", d.statsMaxAgeMs(), 1, Long.MAX_VALUE),
                (int) router.integerOr("minSamplesForStats", d.minSamplesForStats(), 1, INT_MAX),
                router.integerOr("defaultBatchDeadlineMs", d.defaultBatchDeadlineMs(), 1, Long.MAX_VALUE));
        router.rejectUnknownKeys();
        return settings;
    }
}
