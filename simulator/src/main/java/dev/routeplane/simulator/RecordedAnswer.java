package dev.routeplane.simulator;

/**
 * One model's recorded RouterBench outcome for one prompt.
 *
 * @param model       recorded model id, e.g. {@code gpt-3.5-turbo-1106}
 * @param response    the model's answer text (the Python list literal unwrapped)
 * @param costMicros  the recorded {@code M|total_cost} in micro-dollars, HALF_UP
 * @param correctness the recorded score (1.0 or 0.0), or null where the file has none. Evaluation data: a
 *                    router must never see it
 */
public record RecordedAnswer(String model, String response, long costMicros, Double correctness) {}
