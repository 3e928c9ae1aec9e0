package dev.routeplane.cascade.signal;

import dev.routeplane.cascade.EscalationSignal;
import dev.routeplane.cascade.EscalationVerdict;
import dev.routeplane.cascade.StageAnswers;
import dev.routeplane.cascade.internal.JsonProbe;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * For requests that ask for JSON: keeps the first cheap response that is one valid JSON object (bare or
 * in a single code fence) holding every required top-level key, and escalates when none is. Thread-safe.
 */
public final class FormatValidation implements EscalationSignal {

    private static final Pattern FENCED = Pattern.compile("^```[a-zA-Z]*\\s*\\n?(.*?)```$", Pattern.DOTALL);

    private final Set<String> requiredKeys;

    /** @param requiredKeys top-level keys the schema requires; empty means any valid object passes */
    public FormatValidation(Set<String> requiredKeys) {
        this.requiredKeys = Set.copyOf(requiredKeys);
    }

    @Override
    public EscalationVerdict evaluate(StageAnswers answers) {
        List<String> responses = answers.texts();
        String lastProblem = "no responses";
        for (int i = 0; i < responses.size(); i++) {
            String text = responses.get(i) == null ? "" : responses.get(i).strip();
            Matcher fenced = FENCED.matcher(text);
            if (fenced.matches()) {
                text = fenced.group(1);
            }
            Optional<Set<String>> keys = JsonProbe.topLevelKeys(text);
            if (keys.isEmpty()) {
                lastProblem = "response " + (i + 1) + " is not a JSON object";
            } else if (!keys.get().containsAll(requiredKeys)) {
                lastProblem = "response " + (i + 1) + " lacks required keys";
            } else {
                return EscalationVerdict.keep(i, "response " + (i + 1) + " is valid JSON");
            }
        }
        return EscalationVerdict.escalate(lastProblem);
    }
}
