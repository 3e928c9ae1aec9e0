package dev.routeplane.router.internal;

import dev.routeplane.learning.AnswerFeaturizer;
import dev.routeplane.learning.AnswerScorer;
import java.io.DataInputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The learner's side of the answer scorers: what an answer's training example needs, kept as the pieces arrive. A
 * request's prompt side ({@link AnswerFeaturizer#prompt}) is stored by prompt digest when the request is seen; an
 * answer's own features when its result is, and the answer is noted among the prompt's answers (model and extracted
 * answer's fingerprint, never text); when feedback judges the answer, its example carries its agreement with the
 * other models' answers to the same prompt noted so far (an evaluation sweep's, other requests'). Prompt and answer
 * text is never stored. Not thread-safe: one per learner task.
 */
final class AnswerExamples {
    /** Answers noted per prompt at most; the oldest go first. */
    static final int MAX_PEERS = 16;

    private final AnswerFeaturizer featurizer;
    private final ExpiringStore prompts;
    private final ExpiringStore answers;

    /**
     * @param prompts prompt digest → last used, prompt side
     * @param answers prompt digest → last used, the answers noted (model, fingerprint), oldest first
     */
    AnswerExamples(AnswerFeaturizer featurizer, ExpiringStore prompts, ExpiringStore answers) {
        this.featurizer = featurizer;
        this.prompts = prompts;
        this.answers = answers;
    }

    /** Remembers the prompt side of a request's prompt. */
    void onRequest(String digest, String promptText, long now) {
        AnswerFeaturizer.PromptSide p = featurizer.prompt(promptText);
        prompts.put(digest, JoinState.write(32 + p.text().size() * 6 + p.words().length * 4, out -> {
            out.writeLong(now);
            VectorCodec.write(out, p.text());
            int[] words = p.words();
            out.writeInt(words.length);
            for (int w : words) {
                out.writeInt(w);
            }
            out.writeInt(p.chars());
        }));
    }

    /**
     * Notes {@code model}'s answer {@code text} to the prompt {@code digest}; returns its answer side, encoded for the
     * request's pending entry, or an empty array when the prompt side is gone (purged).
     */
    byte[] onAnswer(String digest, String model, String text, long now) {
        Optional<AnswerFeaturizer.PromptSide> p = prompt(digest, now);
        if (p.isEmpty()) {
            return new byte[0];
        }
        AnswerFeaturizer.AnswerSide side = featurizer.answer(p.get(), text);
        Map<String, Integer> noted = peers(digest, now);
        noted.remove(model); // its latest answer counts
        noted.put(model, side.fingerprint());
        while (noted.size() > MAX_PEERS) {
            noted.remove(noted.keySet().iterator().next());
        }
        answers.put(digest, JoinState.write(16 + 24 * noted.size(), out -> {
            out.writeLong(now);
            out.writeInt(noted.size());
            for (Map.Entry<String, Integer> e : noted.entrySet()) {
                out.writeUTF(e.getKey());
                out.writeInt(e.getValue());
            }
        }));
        return JoinState.write(16 + side.own().size() * 6, out -> {
            VectorCodec.write(out, side.own());
            out.writeInt(side.fingerprint());
        });
    }

    /**
     * The scorer's training example for {@code model}'s answer (its {@link #onAnswer} bytes) to the prompt
     * {@code digest}, judged {@code quality} at {@code now}: empty when the prompt side is gone or the answer was never
     * featurized.
     */
    Optional<TrainingExample> example(String digest, String model, byte[] answer, double quality, long now) {
        Optional<AnswerFeaturizer.PromptSide> p = prompt(digest, now);
        if (p.isEmpty() || answer.length == 0) {
            return Optional.empty();
        }
        AnswerFeaturizer.AnswerSide side =
                JoinState.read(answer, in -> new AnswerFeaturizer.AnswerSide(VectorCodec.read(in), in.readInt()));
        List<AnswerFeaturizer.Peer> peers = new ArrayList<>();
        peers(digest, now).forEach((m, fingerprint) -> {
            if (!m.equals(model)) {
                peers.add(new AnswerFeaturizer.Peer(m, fingerprint));
            }
        });
        String route = AnswerScorer.route(model);
        return Optional.of(new TrainingExample(route, quality, featurizer.vector(p.get(), side, peers)));
    }

    /** Forgets prompts and their answers not used for the retention (their stores'). */
    void purge(long now) {
        prompts.purge(now);
        answers.purge(now);
    }

    private Optional<AnswerFeaturizer.PromptSide> prompt(String digest, long now) {
        byte[] bytes = prompts.get(digest, now);
        if (bytes == null) {
            return Optional.empty();
        }
        return Optional.of(JoinState.read(bytes, in -> {
            in.readLong();
            var text = VectorCodec.read(in);
            int[] words = new int[checkedLength(in)];
            for (int i = 0; i < words.length; i++) {
                words[i] = in.readInt();
            }
            return new AnswerFeaturizer.PromptSide(text, words, in.readInt());
        }));
    }

    private Map<String, Integer> peers(String digest, long now) {
        Map<String, Integer> noted = new LinkedHashMap<>();
        byte[] bytes = answers.get(digest, now);
        if (bytes != null) {
            JoinState.read(bytes, in -> {
                in.readLong();
                int n = checkedLength(in);
                for (int i = 0; i < n; i++) {
                    noted.put(in.readUTF(), in.readInt());
                }
                return null;
            });
        }
        return noted;
    }

    private static int checkedLength(DataInputStream in) throws IOException {
        int n = in.readInt();
        if (n < 0 || n > 1 << 20) {
            throw new IOException("implausible length " + n);
        }
        return n;
    }
}
