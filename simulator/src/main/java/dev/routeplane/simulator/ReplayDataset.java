package dev.routeplane.simulator;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The RouterBench subset ({@code <task>_{train,test}.csv}) loaded in memory: per prompt, each recorded model's
 * response, cost and correctness. The simulator's REPLAY mode answers from it; benchmarks use it to score and
 * to produce feedback events. It carries evaluation labels, so router code must never depend on it.
 *
 * <p>Prompts are looked up by their text (the list literal unwrapped, parts joined by {@link #PART_SEPARATOR})
 * or by the raw column value. A prompt occurring in several rows resolves to the first in file-name order
 * (arc_challenge_test before arc_challenge_train, …); {@link #samples()} still lists every row. Immutable,
 * thread-safe.
 */
public final class ReplayDataset {

    /** Joins the strings of a multi-part prompt literal (a few ARC prompts carry several). */
    public static final String PART_SEPARATOR = "\n";

    private static final Pattern FILE = Pattern.compile("(.+)_(train|test)\\.csv");
    private static final String RESPONSE_SUFFIX = "|model_response";
    private static final String COST_SUFFIX = "|total_cost";

    private final List<ReplaySample> samples;
    private final Set<String> models;
    private final Map<String, ReplaySample> byPrompt;

    private ReplayDataset(List<ReplaySample> samples, Set<String> models) {
        this.samples = List.copyOf(samples);
        this.models = Collections.unmodifiableSet(models);
        Map<String, ReplaySample> index = new HashMap<>();
        for (ReplaySample s : samples) {
            index.putIfAbsent(s.prompt(), s);
            index.putIfAbsent(s.rawPrompt(), s);
        }
        this.byPrompt = index;
    }

    /**
     * Loads every {@code <task>_{train,test}.csv} in {@code dir}.
     *
     * @throws UncheckedIOException     if the directory or a file cannot be read
     * @throws IllegalArgumentException if it holds no such file, or a file is malformed (the message names it)
     */
    public static ReplayDataset load(Path dir) {
        List<Path> files;
        try (Stream<Path> list = Files.list(dir)) {
            files = list.filter(p -> FILE.matcher(p.getFileName().toString()).matches())
                    .sorted()
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list replay data directory " + dir.toAbsolutePath(), e);
        }
        if (files.isEmpty()) {
            throw new IllegalArgumentException(
                    "no <task>_{train,test}.csv files in replay data directory " + dir.toAbsolutePath());
        }
        List<ReplaySample> samples = new ArrayList<>();
        Set<String> models = new LinkedHashSet<>();
        for (Path file : files) {
            try {
                readFile(file, samples, models);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read replay file " + file.toAbsolutePath(), e);
            } catch (RuntimeException e) {
                throw new IllegalArgumentException(
                        "malformed replay file " + file.toAbsolutePath() + ": " + e.getMessage(), e);
            }
        }
        return new ReplayDataset(samples, models);
    }

    private static void readFile(Path file, List<ReplaySample> out, Set<String> models) throws IOException {
        Matcher name = FILE.matcher(file.getFileName().toString());
        if (!name.matches()) {
            throw new IllegalStateException("unexpected file name " + file);
        }
        List<List<String>> rows = CsvReader.parse(Files.readString(file, StandardCharsets.UTF_8));
        List<String> header = rows.get(0);
        Map<String, Integer> col = new HashMap<>();
        for (int i = 0; i < header.size(); i++) {
            col.put(header.get(i), i);
        }
        List<String> fileModels = header.stream()
                .filter(h -> h.endsWith(RESPONSE_SUFFIX))
                .map(h -> h.substring(0, h.length() - RESPONSE_SUFFIX.length()))
                .toList();
        models.addAll(fileModels);
        int promptCol = required(col, "prompt");
        int idCol = required(col, "sample_id");
        for (int r = 1; r < rows.size(); r++) {
            List<String> row = rows.get(r);
            if (row.size() != header.size()) {
                throw new IllegalArgumentException(
                        "row " + r + " has " + row.size() + " fields, header has " + header.size());
            }
            String raw = row.get(promptCol);
            String prompt = String.join(PART_SEPARATOR, PythonLiterals.parseStringList(raw));
            Map<String, RecordedAnswer> answers = new LinkedHashMap<>();
            for (String m : fileModels) {
                String response = row.get(required(col, m + RESPONSE_SUFFIX));
                String cost = row.get(required(col, m + COST_SUFFIX));
                if (response.isBlank() || cost.isBlank()) {
                    continue;
                }
                String score = col.containsKey(m) ? row.get(col.get(m)) : "";
                answers.put(
                        m,
                        new RecordedAnswer(
                                m,
                                String.join(PART_SEPARATOR, PythonLiterals.parseStringList(response)),
                                Pricing.usdToMicros(cost),
                                score.isBlank() ? null : Double.valueOf(score)));
            }
            out.add(new ReplaySample(name.group(1), name.group(2), row.get(idCol), prompt, raw, answers));
        }
    }

    private static int required(Map<String, Integer> col, String name) {
        Integer i = col.get(name);
        if (i == null) {
            throw new IllegalArgumentException("missing column '" + name + "'");
        }
        return i;
    }

    /** Every row of every file, in file-name then row order. */
    public List<ReplaySample> samples() {
        return samples;
    }

    /** The rows of one task and split, e.g. {@code ("mbpp", "test")}. */
    public List<ReplaySample> samples(String task, String split) {
        return samples.stream()
                .filter(s -> s.task().equals(task) && s.split().equals(split))
                .toList();
    }

    /** The recorded model ids, in header order. */
    public Set<String> models() {
        return models;
    }

    /** The sample for a prompt text or raw column value. */
    public Optional<ReplaySample> find(String prompt) {
        return Optional.ofNullable(byPrompt.get(Objects.requireNonNull(prompt, "prompt")));
    }

    /** The recorded answer of {@code model} to {@code prompt}. */
    public Optional<RecordedAnswer> answer(String prompt, String model) {
        return find(prompt).map(s -> s.answers().get(model));
    }

    /** The recorded correctness (1.0 / 0.0) of {@code model} on {@code prompt}; empty if unknown or missing. */
    public OptionalDouble correctness(String prompt, String model) {
        return answer(prompt, model)
                .filter(a -> a.correctness() != null)
                .map(a -> OptionalDouble.of(a.correctness()))
                .orElse(OptionalDouble.empty());
    }
}
