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
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The RouterBench subset ({@code <task>_{train,test}.csv}) loaded in memory: per prompt, each recorded model's
 * response, cost and correctness. The simulator's REPLAY mode answers from it; benchmarks use it to score and
 * to produce feedback events. It carries evaluation labels, so router code must never depend on it.
 *
 * <p>Rows are looked up by their {@link ReplaySample#key() key} ({@code <task>/<split>/<sampleId>}). A prompt's text
 * (the list literal unwrapped, parts joined by {@link #PART_SEPARATOR}, or the raw column value) finds its row only
 * where no other row has the same text: two MBPP prompts are in both splits, and resolving either by text would hand
 * one split's recorded answers and scores to the other. Immutable, thread-safe.
 */
public final class ReplayDataset {

    /** Joins the strings of a multi-part prompt literal (a few ARC prompts carry several). */
    public static final String PART_SEPARATOR = "\n";

    private static final Pattern FILE = Pattern.compile("(.+)_(train|test)\\.csv");
    private static final String RESPONSE_SUFFIX = "|model_response";
    private static final String COST_SUFFIX = "|total_cost";

    private final List<ReplaySample> samples;
    private final Set<String> models;
    private final Map<String, List<ReplaySample>> byPrompt;
    private final Map<String, ReplaySample> byKey;

    private ReplayDataset(List<ReplaySample> samples, Set<String> models) {
        this.samples = List.copyOf(samples);
        this.models = Collections.unmodifiableSet(models);
        Map<String, List<ReplaySample>> prompts = new HashMap<>();
        Map<String, ReplaySample> keys = new HashMap<>();
        for (ReplaySample s : samples) {
            prompts.computeIfAbsent(s.prompt(), k -> new ArrayList<>()).add(s);
            if (!s.rawPrompt().equals(s.prompt())) {
                prompts.computeIfAbsent(s.rawPrompt(), k -> new ArrayList<>()).add(s);
            }
            if (keys.putIfAbsent(s.key(), s) != null) {
                throw new IllegalStateException("two rows with key " + s.key());
            }
        }
        prompts.replaceAll((k, v) -> List.copyOf(v));
        this.byPrompt = prompts;
        this.byKey = keys;
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
        Map<String, Integer> seen = new HashMap<>();
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
            String task = name.group(1);
            String split = name.group(2);
            String sampleId = row.get(idCol);
            int occurrence = seen.merge(sampleId, 1, Integer::sum);
            String key = task + "/" + split + "/" + sampleId + (occurrence > 1 ? "#" + occurrence : "");
            out.add(new ReplaySample(task, split, sampleId, key, prompt, raw, answers));
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

    /** The row with {@link ReplaySample#key() key} {@code key}, e.g. {@code mbpp/train/mbpp.dev.87}. */
    public Optional<ReplaySample> row(String key) {
        return Optional.ofNullable(byKey.get(Objects.requireNonNull(key, "key")));
    }

    /** The one row whose prompt text or raw column value is {@code prompt}; empty when none or several are. */
    public Optional<ReplaySample> find(String prompt) {
        List<ReplaySample> rows = rowsWithPrompt(prompt);
        return rows.size() == 1 ? Optional.of(rows.get(0)) : Optional.empty();
    }

    /** Every row whose prompt text or raw column value is {@code prompt}, in file-name then row order. */
    public List<ReplaySample> rowsWithPrompt(String prompt) {
        return byPrompt.getOrDefault(Objects.requireNonNull(prompt, "prompt"), List.of());
    }
}
