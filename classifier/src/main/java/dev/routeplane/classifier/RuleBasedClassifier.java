package dev.routeplane.classifier;

import dev.routeplane.classifier.internal.DetectionTally;
import dev.routeplane.classifier.internal.LanguageDetector;
import dev.routeplane.classifier.internal.SensitiveDataScanner;
import dev.routeplane.classifier.internal.TaskTypeRules;
import dev.routeplane.classifier.internal.TokenCounter;
import dev.routeplane.config.ContextBand;
import dev.routeplane.config.DataClass;
import dev.routeplane.config.LatencyClass;
import dev.routeplane.config.TaskType;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.StringJoiner;
import java.util.regex.Pattern;

/**
 * A {@link Classifier} made of auditable rules: explicit hints first, then a real tokenizer count,
 * single-pass sensitive-data detectors, keyword heuristics on the instruction regions of the prompt
 * and script/stopword language detection. Every feature gets one trace line; trace lines are built
 * only from fixed vocabulary, enum names, counts and known tag/format names, never from prompt text.
 *
 * <p>Thread-safe and immutable: build one per configuration and share it. Construction loads the
 * tokenizer vocabulary (a few hundred milliseconds the first time per encoding in a JVM); classifying
 * costs one tokenizer pass plus one linear scan per message, with a bounded language sample.
 */
public final class RuleBasedClassifier implements Classifier {

    private static final Pattern TOOL_NAME = Pattern.compile("[A-Za-z0-9_.-]{1,64}");

    private final ClassifierConfig config;
    private final TokenCounter tokens;
    private final TaskTypeRules taskRules = new TaskTypeRules();
    private final LanguageDetector languages = new LanguageDetector();

    /** A classifier with {@link ClassifierConfig#ofDefaults()}. */
    public RuleBasedClassifier() {
        this(ClassifierConfig.ofDefaults());
    }

    public RuleBasedClassifier(ClassifierConfig config) {
        this.config = Objects.requireNonNull(config, "config");
        this.tokens = new TokenCounter(config.tokenizerEncoding());
    }

    @Override
    public Features classify(ClassifierInput input) {
        Objects.requireNonNull(input, "input");
        Hints hints = input.hints();
        List<Message> messages = input.messages();
        List<String> trace = new ArrayList<>(14);

        int contentTokens = 0;
        DetectionTally tally = new DetectionTally();
        List<String> contents = new ArrayList<>(messages.size());
        List<String> systemPrompts = new ArrayList<>(1);
        String lastUser = null;
        for (Message m : messages) {
            String text = m.content();
            contentTokens += tokens.count(text);
            SensitiveDataScanner.scan(text, tally);
            contents.add(text);
            if (m.isSystem()) {
                systemPrompts.add(text);
            } else if (m.isUser()) {
                lastUser = text;
            }
        }
        // Tool definitions go to the provider with the messages and are billed as input, so they count too.
        int toolTokens = 0;
        for (Tool t : hints.tools()) {
            toolTokens += tokens.count(t.name());
            toolTokens += t.description() == null ? 0 : tokens.count(t.description());
            toolTokens += t.parametersJson() == null ? 0 : tokens.count(t.parametersJson());
        }
        int inputTokens = messages.isEmpty()
                ? 0
                : contentTokens
                        + toolTokens
                        + config.perMessageOverheadTokens() * messages.size()
                        + config.requestOverheadTokens();
        trace.add("inputTokens=" + inputTokens + ": "
                + config.tokenizerEncoding().name().toLowerCase(Locale.ROOT)
                + " count " + contentTokens + " over " + messages.size() + " messages"
                + (toolTokens > 0 ? " + " + toolTokens + " in " + hints.tools().size() + " tool definitions" : "")
                + " + " + config.perMessageOverheadTokens() + "/message + " + config.requestOverheadTokens()
                + "/request");
        ContextBand band = config.bandFor(inputTokens);
        trace.add("contextBand=" + band + ": " + inputTokens + " tokens, " + bandBounds(band));

        TaskTypeRules.Result task = taskRules.infer(systemPrompts, lastUser, band);
        TaskType taskType = hints.taskType() != null ? hints.taskType() : task.taskType();
        trace.add("taskType=" + taskType + ": " + (hints.taskType() != null ? "hint" : task.reason()));

        scanTools(hints.tools(), tally, trace);
        List<Detection> detections = tally.toList();
        DataClass dataClass = decideDataClass(hints, detections, trace);

        LanguageDetector.Result lang = languages.detect(contents, config.languageSampleChars());
        List<String> languageCodes = new ArrayList<>(lang.languages());
        boolean multilingual = decideLanguages(
                lang, languageCodes, taskType == TaskType.TRANSLATION ? task.targetLanguage() : null, trace);

        boolean needsTools = !hints.tools().isEmpty();
        trace.add("needsTools=" + needsTools + ": "
                + (needsTools ? hints.tools().size() + " tools offered" : "no tools"));
        boolean needsJson = decideJson(hints.responseFormat(), task.jsonReason(), trace);
        trace.add("needsVision=" + hints.hasImages() + ": " + (hints.hasImages() ? "hint hasImages" : "no images"));
        LatencyClass latency = hints.latencyClass() != null ? hints.latencyClass() : LatencyClass.BACKGROUND;
        trace.add("latencyClass=" + latency + ": " + (hints.latencyClass() != null ? "hint" : "default"));
        RiskTier risk = decideRisk(hints.tools(), dataClass, trace);

        return new Features(
                taskType,
                inputTokens,
                band,
                dataClass,
                detections,
                languageCodes,
                multilingual,
                needsTools,
                needsJson,
                hints.hasImages(),
                latency,
                risk,
                trace);
    }

    /**
     * Tool names, descriptions and parameter schemas reach the provider like messages do, so what they hold counts
     * toward the data class like what messages hold; the trace says what was found there.
     */
    private static void scanTools(List<Tool> tools, DetectionTally tally, List<String> trace) {
        if (tools.isEmpty()) {
            return;
        }
        DetectionTally inTools = new DetectionTally();
        for (Tool t : tools) {
            SensitiveDataScanner.scan(t.name(), inTools);
            if (t.description() != null) {
                SensitiveDataScanner.scan(t.description(), inTools);
            }
            if (t.parametersJson() != null) {
                SensitiveDataScanner.scan(t.parametersJson(), inTools);
            }
        }
        List<Detection> found = inTools.toList();
        StringJoiner what = new StringJoiner(", ");
        found.forEach(d -> what.add(d.toString()));
        trace.add("toolText: " + tools.size() + " tools' names, descriptions and parameter schemas scanned: "
                + (found.isEmpty() ? "nothing sensitive" : what));
        tally.addAll(inTools);
    }

    private String bandBounds(ContextBand band) {
        return switch (band) {
            case SHORT -> "<= " + config.shortMaxTokens();
            case MEDIUM -> "<= " + config.mediumMaxTokens();
            case LONG -> "<= " + config.longMaxTokens();
            case HUGE -> "> " + config.longMaxTokens();
        };
    }

    /** The maximum over hint, known tags and detections; the trace names everything at that level. */
    private DataClass decideDataClass(Hints hints, List<Detection> detections, List<String> trace) {
        DataClass max = DataClass.PUBLIC;
        List<Object[]> evidence = new ArrayList<>();
        if (hints.dataClass() != null) {
            evidence.add(new Object[] {hints.dataClass(), "hint " + hints.dataClass()});
        }
        Map<String, DataClass> tagClasses = config.tagDataClasses();
        for (String tag : hints.tags()) {
            String key = tag.toLowerCase(Locale.ROOT).trim();
            DataClass c = tagClasses.get(key);
            if (c != null) {
                // Only tags from the configured vocabulary are echoed; free-form tags stay out of the trace.
                evidence.add(new Object[] {c, "tag " + key});
            }
        }
        for (Detection d : detections) {
            evidence.add(new Object[] {d.kind().implies(), d.toString()});
        }
        for (Object[] e : evidence) {
            max = max.max((DataClass) e[0]);
        }
        StringJoiner why = new StringJoiner(", ");
        for (Object[] e : evidence) {
            if (e[0] == max) {
                why.add((String) e[1]);
            }
        }
        trace.add("dataClass=" + max + ": " + (evidence.isEmpty() ? "no hint, data-class tag or detection" : why));
        if (!detections.isEmpty()) {
            StringJoiner all = new StringJoiner(", ");
            detections.forEach(d -> all.add(d.toString()));
            trace.add("detections=" + all);
        }
        return max;
    }

    private boolean decideLanguages(
            LanguageDetector.Result lang, List<String> codes, String target, List<String> trace) {
        StringJoiner shares = new StringJoiner(", ");
        for (int i = 0; i < lang.languages().size(); i++) {
            shares.add(lang.languages().get(i) + " " + lang.shares().get(i));
        }
        trace.add("languages=" + (codes.isEmpty() ? "none" : shares) + ": script and stopwords over "
                + lang.sampledChars() + " sampled chars");
        int above = 0;
        for (double share : lang.shares()) {
            if (share >= config.multilingualMinShare()) {
                above++;
            }
        }
        if (above >= 2) {
            trace.add("multilingual=true: " + above + " languages with share >= " + config.multilingualMinShare());
            addTarget(codes, target);
            return true;
        }
        if (target != null && !codes.isEmpty() && !codes.get(0).equals(target)) {
            trace.add("multilingual=true: translation " + codes.get(0) + " -> " + target);
            addTarget(codes, target);
            return true;
        }
        addTarget(codes, target);
        trace.add("multilingual=false: fewer than 2 languages with share >= " + config.multilingualMinShare());
        return false;
    }

    private static void addTarget(List<String> codes, String target) {
        if (target != null && !codes.contains(target)) {
            codes.add(target);
        }
    }

    private static boolean decideJson(String responseFormat, String promptReason, List<String> trace) {
        String format = responseFormat == null ? "" : responseFormat.trim().toLowerCase(Locale.ROOT);
        if (format.equals("json_object") || format.equals("json_schema") || format.equals("json")) {
            trace.add("needsJson=true: responseFormat " + format);
            return true;
        }
        if (promptReason != null) {
            trace.add("needsJson=true: " + promptReason);
            return true;
        }
        trace.add("needsJson=false: no JSON response format or ask");
        return false;
    }

    private static RiskTier decideRisk(List<Tool> tools, DataClass dataClass, List<String> trace) {
        List<String> sideEffects = new ArrayList<>();
        for (Tool t : tools) {
            if (t.sideEffect()) {
                sideEffects.add(safeToolName(t.name()));
            }
        }
        RiskTier tier;
        String why;
        if (!sideEffects.isEmpty()) {
            tier = RiskTier.HIGH;
            why = "side-effect tool " + String.join(", ", sideEffects.subList(0, Math.min(3, sideEffects.size())))
                    + (sideEffects.size() > 3 ? " (+" + (sideEffects.size() - 3) + " more)" : "");
        } else if (dataClass == DataClass.REGULATED) {
            tier = RiskTier.HIGH;
            why = "REGULATED data";
        } else if (!tools.isEmpty()) {
            tier = RiskTier.MEDIUM;
            why = tools.size() + " read-only tools";
        } else if (dataClass == DataClass.CONFIDENTIAL) {
            tier = RiskTier.MEDIUM;
            why = "CONFIDENTIAL data";
        } else {
            tier = RiskTier.LOW;
            why = "no tools, data " + dataClass;
        }
        trace.add("riskTier=" + tier + ": " + why);
        return tier;
    }

    /** Tool names follow the provider rule [A-Za-z0-9_-]{1,64}; anything else is not echoed. */
    private static String safeToolName(String name) {
        return TOOL_NAME.matcher(name).matches() ? name : "(unnamed)";
    }
}
