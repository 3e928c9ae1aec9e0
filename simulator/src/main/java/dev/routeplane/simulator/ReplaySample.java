package dev.routeplane.simulator;

import java.util.Map;

/**
 * One RouterBench prompt with every model's recorded answer.
 *
 * @param task      file task name: {@code arc_challenge}, {@code mbpp} or {@code winograde}
 * @param split     {@code train} (a router may learn from it) or {@code test} (measuring only)
 * @param sampleId  RouterBench {@code sample_id}
 * @param key       the row's identity in its data set, {@code <task>/<split>/<sampleId>}, with {@code #2}, {@code #3}...
 *                  appended to a sample id's later rows in the same file (a few ARC ids repeat with other prompts).
 *                  Replays look rows up by it: a prompt's text can occur in both splits
 * @param prompt    the prompt text to send as the last user message: the list literal's strings joined by
 *                  {@link ReplayDataset#PART_SEPARATOR}
 * @param rawPrompt the {@code prompt} column as stored (a Python list literal); the simulator accepts it too
 * @param answers   recorded answers by model id; models with no recorded response or cost are absent
 */
public record ReplaySample(
        String task,
        String split,
        String sampleId,
        String key,
        String prompt,
        String rawPrompt,
        Map<String, RecordedAnswer> answers) {

    public ReplaySample {
        answers = Map.copyOf(answers);
    }
}
