package dev.routeplane.bench.jmh;

import dev.routeplane.classifier.ClassifierConfig;
import dev.routeplane.classifier.ClassifierInput;
import dev.routeplane.classifier.Features;
import dev.routeplane.classifier.Hints;
import dev.routeplane.classifier.Message;
import dev.routeplane.classifier.RuleBasedClassifier;
import dev.routeplane.classifier.internal.DetectionTally;
import dev.routeplane.classifier.internal.LanguageDetector;
import dev.routeplane.classifier.internal.SensitiveDataScanner;
import dev.routeplane.classifier.internal.TaskTypeRules;
import dev.routeplane.classifier.internal.TokenCounter;
import dev.routeplane.config.ContextBand;
import dev.routeplane.contract.ChatMessage;
import dev.routeplane.contract.RouteRequest;
import dev.routeplane.simulator.workload.MixedWorkload;
import dev.routeplane.simulator.workload.TenantShare;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The classifier's stages one by one, on the mix {@code bench router} routes: the mixed workload's kinds for the
 * example tenants with 1 to 4 KB of filler. Each invocation takes the next of {@link #distinct} requests. Shows
 * where a classification's time goes, so a speed-up can be aimed and then measured on the stage it changes:
 *
 * <ul>
 *   <li>{@code classify}: the whole {@link RuleBasedClassifier#classify};</li>
 *   <li>{@code countTokens}: the BPE token count of every message;</li>
 *   <li>{@code scanSensitive}: the sensitive-data scan of every message;</li>
 *   <li>{@code inferTask}: the task keywords of the system prompts and the last user message;</li>
 *   <li>{@code detectLanguages}: the language sample.</li>
 * </ul>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(1)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
public class ClassifierStagesBenchmark {
    /**
     * Distinct requests cycled through; a power of two. 256 (about 1 MB of prompts) stay in a core's L2 cache between
     * two uses, so their text and the classifier's tables are read from it; with 4,096 or more every request's text
     * comes from further out, as a request does in the router, where it arrives once.
     */
    @Param({"256"})
    public int distinct;

    private final ClassifierConfig config = ClassifierConfig.ofDefaults();
    private final RuleBasedClassifier classifier = new RuleBasedClassifier(config);
    private final TokenCounter tokens = new TokenCounter(config.tokenizerEncoding());
    private final TaskTypeRules tasks = new TaskTypeRules();
    private final LanguageDetector languages = new LanguageDetector();
    private ClassifierInput[] inputs;
    private final List<List<String>> contents = new ArrayList<>();
    private final List<List<String>> systemPrompts = new ArrayList<>();
    private final List<String> lastUser = new ArrayList<>();
    private int next;

    @Setup
    public void setUp() {
        MixedWorkload workload = new MixedWorkload(
                42L,
                Clock.fixed(Instant.parse("2026-12-06T09:00:00Z"), ZoneOffset.UTC),
                "jmh",
                List.of(
                        new TenantShare("acme", 0.40),
                        new TenantShare("globex-eu", 0.20),
                        new TenantShare("initech", 0.15),
                        new TenantShare("umbrella", 0.15)),
                1_024,
                4_096);
        inputs = new ClassifierInput[distinct];
        for (int i = 0; i < distinct; i++) {
            RouteRequest request = workload.next();
            List<Message> messages = new ArrayList<>();
            List<String> texts = new ArrayList<>();
            List<String> system = new ArrayList<>();
            String user = null;
            for (ChatMessage m : request.getMessages()) {
                messages.add(new Message(m.getRole(), m.getContent()));
                texts.add(m.getContent());
                if (m.getRole().equals("system")) {
                    system.add(m.getContent());
                } else if (m.getRole().equals("user")) {
                    user = m.getContent();
                }
            }
            inputs[i] = new ClassifierInput(messages, Hints.none());
            contents.add(texts);
            systemPrompts.add(system);
            lastUser.add(user);
        }
    }

    private int nextIndex() {
        return next++ & (distinct - 1);
    }

    @Benchmark
    public Features classify() {
        return classifier.classify(inputs[nextIndex()]);
    }

    @Benchmark
    public int countTokens() {
        int sum = 0;
        for (String text : contents.get(nextIndex())) {
            sum += tokens.count(text);
        }
        return sum;
    }

    @Benchmark
    public DetectionTally scanSensitive() {
        DetectionTally tally = new DetectionTally();
        for (String text : contents.get(nextIndex())) {
            SensitiveDataScanner.scan(text, tally);
        }
        return tally;
    }

    @Benchmark
    public TaskTypeRules.Result inferTask() {
        int i = nextIndex();
        return tasks.infer(systemPrompts.get(i), lastUser.get(i), ContextBand.SHORT);
    }

    @Benchmark
    public LanguageDetector.Result detectLanguages() {
        return languages.detect(contents.get(nextIndex()), config.languageSampleChars());
    }
}
