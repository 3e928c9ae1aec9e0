package dev.routeplane.cascade.signal;

import dev.routeplane.cascade.EscalationSignal;
import dev.routeplane.cascade.EscalationVerdict;
import dev.routeplane.cascade.StageAnswers;
import java.util.List;
import java.util.Locale;

/**
 * Escalates when the first cheap response is empty or hedges with one of the configured uncertainty
 * markers (matched case-insensitively). The pre-call counterpart, a learned P(success) below a threshold,
 * is applied when planning ({@link dev.routeplane.cascade.CascadePlanner}), not here. Thread-safe.
 */
public final class LowConfidence implements EscalationSignal {

    private static final List<String> DEFAULT_MARKERS = List.of(
            "i'm not sure",
            "i am not sure",
            "not certain",
            "i don't know",
            "i do not know",
            "cannot be determined",
            "can't be determined",
            "unclear",
            "insufficient information",
            "not enough information",
            "i cannot answer",
            "i can't answer");

    private final List<String> markers;

    /** @param markers lower-case phrases that signal the model's own uncertainty */
    public LowConfidence(List<String> markers) {
        this.markers = markers.stream().map(m -> m.toLowerCase(Locale.ROOT)).toList();
    }

    /** English hedging phrases. */
    public static LowConfidence ofDefaults() {
        return new LowConfidence(DEFAULT_MARKERS);
    }

    @Override
    public EscalationVerdict evaluate(StageAnswers answers) {
        String text = answers.answers().get(0).text().strip();
        if (text.isEmpty()) {
            return EscalationVerdict.escalate("empty response");
        }
        String lower = text.toLowerCase(Locale.ROOT);
        for (String m : markers) {
            if (lower.contains(m)) {
                return EscalationVerdict.escalate("response hedges (\"" + m + "\")");
            }
        }
        return EscalationVerdict.keep(0, "no uncertainty markers");
    }
}
