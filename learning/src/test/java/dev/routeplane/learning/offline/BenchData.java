package dev.routeplane.learning.offline;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.stream.Stream;

/** Loads {@code <task>_{train,test}.csv} files of the RouterBench shape from a directory. */
final class BenchData {

    final List<String> models;
    final List<BenchRow> rows;

    private BenchData(List<String> models, List<BenchRow> rows) {
        this.models = models;
        this.rows = rows;
    }

    static BenchData load(Path dir, String split) throws IOException {
        List<Path> files;
        try (Stream<Path> s = Files.list(dir)) {
            files = s.filter(p -> p.getFileName().toString().endsWith("_" + split + ".csv"))
                    .sorted()
                    .toList();
        }
        if (files.isEmpty()) {
            throw new IllegalArgumentException("no *_" + split + ".csv files in " + dir);
        }
        List<String> models = null;
        List<BenchRow> rows = new ArrayList<>();
        for (Path f : files) {
            String name = f.getFileName().toString();
            String task = name.substring(0, name.length() - ("_" + split + ".csv").length());
            List<List<String>> table;
            try (Reader r = Files.newBufferedReader(f, StandardCharsets.UTF_8)) {
                table = Csv.read(r);
            }
            List<String> header = table.get(0);
            List<String> fileModels = new ArrayList<>();
            for (String h : header) {
                if (!h.isEmpty()
                        && !h.contains("|")
                        && !List.of("sample_id", "prompt", "eval_name", "oracle_model_to_route_to")
                                .contains(h)) {
                    fileModels.add(h);
                }
            }
            if (models == null) {
                models = fileModels;
            } else if (!models.equals(fileModels)) {
                throw new IllegalArgumentException(f + " has models " + fileModels + ", expected " + models);
            }
            int promptCol = header.indexOf("prompt");
            int idCol = header.indexOf("sample_id");
            for (List<String> line : table.subList(1, table.size())) {
                if (line.size() < header.size()) {
                    continue;
                }
                var scores = new HashMap<String, Double>();
                var costs = new HashMap<String, Double>();
                var responses = new HashMap<String, String>();
                for (String m : fileModels) {
                    String sc = line.get(header.indexOf(m));
                    scores.put(m, sc.isBlank() ? null : Double.parseDouble(sc));
                    String c = line.get(header.indexOf(m + "|total_cost"));
                    costs.put(m, c.isBlank() ? 0.0 : Double.parseDouble(c));
                    responses.put(m, String.join("\n", PyList.parse(line.get(header.indexOf(m + "|model_response")))));
                }
                String prompt = String.join("\n", PyList.parse(line.get(promptCol)));
                rows.add(new BenchRow(task, line.get(idCol), prompt, scores, costs, responses));
            }
        }
        return new BenchData(List.copyOf(models), rows);
    }
}
