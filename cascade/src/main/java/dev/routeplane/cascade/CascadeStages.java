package dev.routeplane.cascade;

import dev.routeplane.contract.Cascade;
import dev.routeplane.contract.ChatMessage;
import dev.routeplane.contract.ExecutionTask;
import java.util.ArrayList;
import java.util.List;

/**
 * Where a task stands in its cascade ({@code decision.cascade}) and what a cheap stage's answer decides. A task's
 * stage is {@code ExecutionTask.cascadeStage}: below the number of cheap stages it runs a cheap stage, at it the
 * escalation or one of its fallbacks. Tasks written before that field carry no stage; theirs is the number of
 * answers they carry (a stage skipped after a failure is padded with an empty answer, which keeps that count right).
 * Pure functions.
 */
public final class CascadeStages {
    private CascadeStages() {}

    /** The stage {@code task} runs; 0 for a task outside a cascade. */
    public static int stageOf(ExecutionTask task) {
        if (task.getDecision().getCascade() == null) {
            return 0;
        }
        Integer stage = task.getCascadeStage();
        return stage != null ? stage : task.getCascadeAnswers().size();
    }

    /** True when {@code task} runs a cheap stage of a cascade (its answer is judged before anyone sees it). */
    public static boolean atCheapStage(ExecutionTask task) {
        Cascade cascade = task.getDecision().getCascade();
        return cascade != null && stageOf(task) < cascade.getStages().size();
    }

    /** True when {@code task} belongs to a cascade that is past its cheap stages (escalation or its fallbacks). */
    public static boolean escalated(ExecutionTask task) {
        Cascade cascade = task.getDecision().getCascade();
        return cascade != null && stageOf(task) >= cascade.getStages().size();
    }

    /**
     * What the answer {@code text} of {@code task}'s cheap stage decides: the next cheap stage, or once every cheap
     * stage has answered, the signal's verdict on all answers.
     *
     * @throws IllegalArgumentException when {@code task} is not at a cheap stage
     * @throws IllegalStateException    when the signal keeps an answer that does not exist
     */
    public static Judgement judge(ExecutionTask task, String text, Signals signals) {
        Cascade cascade = requireCheapStage(task);
        List<String> answers = new ArrayList<>(task.getCascadeAnswers());
        answers.add(text == null ? "" : text);
        int stages = cascade.getStages().size();
        if (answers.size() < stages) {
            return new Judgement.NextStage(answers.size(), List.copyOf(answers));
        }
        EscalationVerdict verdict = signals.forName(cascade.getSignal()).evaluate(stageAnswers(task, answers));
        if (verdict.escalate()) {
            return new Judgement.Escalate(List.copyOf(answers), verdict.reason(), verdict.scores());
        }
        int kept = verdict.answerIndex();
        if (kept < 0 || kept >= answers.size()) {
            throw new IllegalStateException("signal " + cascade.getSignal() + " of cascade " + cascade.getId()
                    + " kept answer " + kept + " of " + answers.size());
        }
        return new Judgement.Keep(kept, answers.get(kept), verdict.reason(), verdict.scores());
    }

    /** {@code task}'s answers padded with empty ones up to the escalation, for a task skipping the cheap stages left. */
    public static List<String> answersPastCheapStages(ExecutionTask task) {
        Cascade cascade = requireCheapStage(task);
        List<String> answers = new ArrayList<>(task.getCascadeAnswers());
        while (answers.size() < cascade.getStages().size()) {
            answers.add("");
        }
        return List.copyOf(answers);
    }

    private static StageAnswers stageAnswers(ExecutionTask task, List<String> texts) {
        StringBuilder prompt = new StringBuilder();
        for (ChatMessage m : task.getRequest().getMessages()) {
            if (prompt.length() > 0) {
                prompt.append('\n');
            }
            prompt.append(m.getContent());
        }
        List<StageAnswers.Answer> answers = new ArrayList<>(texts.size());
        for (int i = 0; i < texts.size(); i++) {
            answers.add(new StageAnswers.Answer(
                    task.getDecision().getCascade().getStages().get(i).getModel(), texts.get(i)));
        }
        Double threshold = task.getDecision().getCascade().getScoreThreshold();
        return new StageAnswers(prompt.toString(), answers, threshold == null ? Double.NaN : threshold);
    }

    private static Cascade requireCheapStage(ExecutionTask task) {
        if (!atCheapStage(task)) {
            throw new IllegalArgumentException(
                    "request " + task.getRequest().getRequestId() + " is not at a cheap cascade stage");
        }
        return task.getDecision().getCascade();
    }
}
