package dev.routeplane.classifier.internal;

import dev.routeplane.classifier.internal.TaskKeywords.Keyword;
import dev.routeplane.classifier.internal.TaskKeywords.Signal;
import dev.routeplane.config.ContextBand;
import dev.routeplane.config.TaskType;
import java.util.List;

/**
 * Infers the task type from keywords in the instruction regions of a request: the system prompt(s)
 * and the last user message. Only the head and tail of a long user message are read, because
 * instructions sit at the edges of a message; the middle is usually the pasted document, whose words
 * ("in summary", "function") say nothing about the ask.
 *
 * <p>Scoring: each distinct keyword adds its weight to its task once per region; the highest score of
 * at least {@value #MIN_SCORE} wins, ties going to the earlier task in {@link #TIE_ORDER} (the more
 * specialised capability first). Naming a target language adds 1 to TRANSLATION. Then, if the prompt
 * is in the LONG band or above and asks for a synthesis or a summary, the task becomes
 * LONG_CONTEXT_SYNTHESIS. With no winner the task is CHAT. Immutable and thread-safe.
 */
public final class TaskTypeRules {

    static final int MIN_SCORE = 2;
    private static final int HEAD_CHARS = 4096;
    private static final int TAIL_CHARS = 2048;

    /** Tie-break order, most specialised first. */
    static final List<TaskType> TIE_ORDER = List.of(
            TaskType.CODE,
            TaskType.EXTRACTION,
            TaskType.CLASSIFICATION,
            TaskType.TRANSLATION,
            TaskType.SUMMARIZATION,
            TaskType.REASONING,
            TaskType.CREATIVE);

    private final KeywordAutomaton automaton;
    private final Keyword[] keywords;

    public TaskTypeRules() {
        keywords = TaskKeywords.ALL.toArray(new Keyword[0]);
        automaton = new KeywordAutomaton(
                TaskKeywords.ALL.stream().map(Keyword::pattern).toList());
    }

    /** The outcome: task type, whether JSON output was asked for, a translation target, and the why. */
    public record Result(TaskType taskType, String reason, String jsonReason, String targetLanguage) {}

    /**
     * @param systemPrompts contents of system/developer messages
     * @param lastUser content of the last user message, or null
     */
    public Result infer(List<String> systemPrompts, String lastUser, ContextBand band) {
        boolean[] systemHits = new boolean[keywords.length];
        for (String system : systemPrompts) {
            automaton.scan(system, 0, Math.min(system.length(), HEAD_CHARS), systemHits);
        }
        boolean[] userHits = new boolean[keywords.length];
        if (lastUser != null) {
            int len = lastUser.length();
            if (len <= HEAD_CHARS + TAIL_CHARS) {
                automaton.scan(lastUser, 0, len, userHits);
            } else {
                automaton.scan(lastUser, 0, HEAD_CHARS, userHits);
                automaton.scan(lastUser, len - TAIL_CHARS, len, userHits);
            }
        }

        int[] score = new int[Signal.values().length];
        Keyword[] best = new Keyword[score.length];
        String[] bestRegion = new String[score.length];
        String target = null;
        for (int k = 0; k < keywords.length; k++) {
            for (int region = 0; region < 2; region++) {
                boolean hit = region == 0 ? userHits[k] : systemHits[k];
                if (!hit) {
                    continue;
                }
                Keyword kw = keywords[k];
                int s = kw.signal().ordinal();
                score[s] += kw.weight();
                if (best[s] == null || kw.weight() > best[s].weight()) {
                    best[s] = kw;
                    bestRegion[s] = region == 0 ? "last user message" : "system prompt";
                }
                if (kw.signal() == Signal.TARGET_LANGUAGE && target == null) {
                    target = kw.language();
                }
            }
        }
        if (target != null && score[Signal.TRANSLATE.ordinal()] > 0) {
            score[Signal.TRANSLATE.ordinal()]++;
        } else {
            target = null;
        }

        String jsonReason = best[Signal.JSON_OUTPUT.ordinal()] == null
                ? null
                : "keyword '" + best[Signal.JSON_OUTPUT.ordinal()].label() + "' in "
                        + bestRegion[Signal.JSON_OUTPUT.ordinal()];

        TaskType winner = null;
        int winnerScore = MIN_SCORE - 1;
        TaskType runnerUp = null;
        int runnerUpScore = 0;
        for (TaskType type : TIE_ORDER) {
            int s = score[signalOf(type).ordinal()];
            if (s > winnerScore) {
                if (winner != null) {
                    runnerUp = winner;
                    runnerUpScore = winnerScore;
                }
                winner = type;
                winnerScore = s;
            } else if (s > runnerUpScore) {
                runnerUp = type;
                runnerUpScore = s;
            }
        }

        boolean longInput = band.compareTo(ContextBand.LONG) >= 0;
        int synth = score[Signal.SYNTHESIZE.ordinal()];
        if (longInput && (synth >= MIN_SCORE || winner == TaskType.SUMMARIZATION)) {
            Signal why = synth >= MIN_SCORE ? Signal.SYNTHESIZE : Signal.SUMMARIZE;
            return new Result(
                    TaskType.LONG_CONTEXT_SYNTHESIS,
                    band + " input with " + describe(why, best, bestRegion),
                    jsonReason,
                    null);
        }
        if (winner == null) {
            String weak = runnerUp == null ? "no task keywords" : "no task keyword scored " + MIN_SCORE + "+";
            return new Result(TaskType.CHAT, weak, jsonReason, null);
        }
        Signal signal = signalOf(winner);
        StringBuilder reason = new StringBuilder(describe(signal, best, bestRegion))
                .append(" (score ")
                .append(winnerScore);
        if (runnerUp != null && runnerUpScore > 0) {
            reason.append(", next ").append(runnerUp).append(' ').append(runnerUpScore);
        }
        reason.append(')');
        if (winner == TaskType.TRANSLATION && target != null) {
            reason.append(", target ").append(target);
        }
        return new Result(winner, reason.toString(), jsonReason, winner == TaskType.TRANSLATION ? target : null);
    }

    private static String describe(Signal signal, Keyword[] best, String[] region) {
        Keyword kw = best[signal.ordinal()];
        return "keyword '" + kw.label() + "' in " + region[signal.ordinal()];
    }

    private static Signal signalOf(TaskType type) {
        return switch (type) {
            case CODE -> Signal.CODE;
            case EXTRACTION -> Signal.EXTRACT;
            case CLASSIFICATION -> Signal.CLASSIFY;
            case TRANSLATION -> Signal.TRANSLATE;
            case SUMMARIZATION -> Signal.SUMMARIZE;
            case REASONING -> Signal.REASON;
            case CREATIVE -> Signal.CREATIVE;
            default -> throw new IllegalArgumentException("no keyword signal for " + type);
        };
    }
}
