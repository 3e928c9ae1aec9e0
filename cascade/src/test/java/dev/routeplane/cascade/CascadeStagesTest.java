package dev.routeplane.cascade;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.routeplane.contract.Cascade;
import dev.routeplane.contract.ExecutionTask;
import dev.routeplane.contract.Route;
import dev.routeplane.contract.RoutingDecision;
import dev.routeplane.schemas.testing.SampleRecords;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericDatumWriter;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificDatumReader;
import org.junit.jupiter.api.Test;

class CascadeStagesTest {
    final Route cheapA = route("alpha", "alpha-mini");
    final Route cheapB = route("gamma", "gamma-mini");
    final Route dear = route("beta", "beta-large");

    @Test
    void aTaskOutsideACascadeIsNeitherAtACheapStageNorEscalated() {
        ExecutionTask plain = SampleRecords.executionTask();

        assertThat(CascadeStages.stageOf(plain)).isZero();
        assertThat(CascadeStages.atCheapStage(plain)).isFalse();
        assertThat(CascadeStages.escalated(plain)).isFalse();
    }

    @Test
    void theExplicitStageSaysWhereATaskStands() {
        assertThat(CascadeStages.atCheapStage(cascadeTask(0, List.of()))).isTrue();
        assertThat(CascadeStages.atCheapStage(cascadeTask(1, List.of("B")))).isTrue();
        assertThat(CascadeStages.escalated(cascadeTask(2, List.of("B", "C")))).isTrue();
        // a stage is not inferred from the answers when it is stated
        assertThat(CascadeStages.stageOf(cascadeTask(2, List.of()))).isEqualTo(2);
    }

    @Test
    void aTaskWrittenBeforeTheStageFieldReadsItsStageFromItsAnswers() throws IOException {
        // given a second-stage task as an executor before cascadeStage wrote it: the current schema without the field
        ExecutionTask current = cascadeTask(1, List.of("B"));
        Schema old = withoutField(ExecutionTask.getClassSchema(), "cascadeStage");
        GenericRecord record = new GenericData.Record(old);
        for (Schema.Field f : old.getFields()) {
            record.put(f.name(), current.get(f.name()));
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        BinaryEncoder encoder = EncoderFactory.get().binaryEncoder(bytes, null);
        // SpecificData knows the contract's logical types (timestamps as Instant) for the nested records
        new GenericDatumWriter<GenericRecord>(old, SpecificData.getForSchema(ExecutionTask.getClassSchema()))
                .write(record, encoder);
        encoder.flush();

        // when today's reader reads it
        ExecutionTask read = new SpecificDatumReader<ExecutionTask>(old, ExecutionTask.getClassSchema())
                .read(null, DecoderFactory.get().binaryDecoder(bytes.toByteArray(), null));

        // then the stage is unstated and inferred from the one answer it carries
        assertThat(read.getCascadeStage()).isNull();
        assertThat(CascadeStages.stageOf(read)).isEqualTo(1);
        assertThat(CascadeStages.atCheapStage(read)).isTrue();
    }

    @Test
    void aFirstCheapAnswerGoesOnToTheNextStage() {
        Judgement j = CascadeStages.judge(cascadeTask(0, List.of()), "The answer is (B).", Signals.builtIn());

        assertThat(j).isEqualTo(new Judgement.NextStage(1, List.of("The answer is (B).")));
    }

    @Test
    void theLastCheapAnswerIsJudgedByTheDecisionsSignalWithPromptAndModels() {
        AtomicReference<StageAnswers> seen = new AtomicReference<>();
        Signals recording = Signals.builtIn().with(CascadeSignal.ANSWER_AGREEMENT, answers -> {
            seen.set(answers);
            return EscalationVerdict.keep(1, "second looks right");
        });

        Judgement j = CascadeStages.judge(cascadeTask(1, List.of("B")), "Answer: C", recording);

        assertThat(j).isEqualTo(new Judgement.Keep(1, "Answer: C", "second looks right", List.of()));
        assertThat(seen.get().texts()).containsExactly("B", "Answer: C");
        assertThat(seen.get().answers())
                .extracting(StageAnswers.Answer::model)
                .containsExactly("alpha-mini", "gamma-mini");
        assertThat(seen.get().prompt())
                .isEqualTo(String.join(
                        "\n",
                        SampleRecords.routeRequest().getMessages().stream()
                                .map(m -> m.getContent())
                                .toList()));
    }

    @Test
    void aScoreCascadeHandsItsThresholdToTheSignalAndItsScoresToTheJudgement() {
        AtomicReference<StageAnswers> seen = new AtomicReference<>();
        Signals scoring = Signals.builtIn().with(CascadeSignal.ANSWER_SCORE, answers -> {
            seen.set(answers);
            return EscalationVerdict.escalate("best score 0.70 < 0.82").withScores(List.of(0.70, 0.40));
        });
        ExecutionTask task = cascadeTask(1, List.of("B"));
        task.getDecision().getCascade().setSignal(CascadeSignal.ANSWER_SCORE.name());
        task.getDecision().getCascade().setScoreThreshold(0.82);

        Judgement j = CascadeStages.judge(task, "C", scoring);

        assertThat(seen.get().threshold()).isEqualTo(0.82);
        assertThat(j)
                .isEqualTo(new Judgement.Escalate(List.of("B", "C"), "best score 0.70 < 0.82", List.of(0.70, 0.40)));
    }

    @Test
    void withoutAScorerAScoreCascadeIsJudgedByAgreement() {
        ExecutionTask task = cascadeTask(1, List.of("B"));
        task.getDecision().getCascade().setSignal(CascadeSignal.ANSWER_SCORE.name());
        task.getDecision().getCascade().setScoreThreshold(0.82);

        assertThat(CascadeStages.judge(task, "The answer is B.", Signals.builtIn()))
                .isEqualTo(new Judgement.Keep(0, "B", "2 answers agree", List.of()));
    }

    @Test
    void disagreeingCheapAnswersEscalateAndAgreeingOnesKeepTheFirst() {
        assertThat(CascadeStages.judge(cascadeTask(1, List.of("Yes, I agree")), "No, I disagree", Signals.builtIn()))
                .isEqualTo(new Judgement.Escalate(
                        List.of("Yes, I agree", "No, I disagree"), "answers disagree: 1 of 2 differ", List.of()));
        assertThat(CascadeStages.judge(cascadeTask(1, List.of("B")), "The answer is B.", Signals.builtIn()))
                .isEqualTo(new Judgement.Keep(0, "B", "2 answers agree", List.of()));
    }

    @Test
    void aSignalKeepingAnAnswerThatDoesNotExistIsABug() {
        Signals broken =
                Signals.builtIn().with(CascadeSignal.ANSWER_AGREEMENT, answers -> EscalationVerdict.keep(5, "oops"));

        assertThatThrownBy(() -> CascadeStages.judge(cascadeTask(1, List.of("B")), "B", broken))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("kept answer 5 of 2");
        assertThatThrownBy(() -> CascadeStages.judge(cascadeTask(2, List.of("B", "C")), "D", broken))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("is not at a cheap cascade stage");
    }

    @Test
    void answersPastTheCheapStagesArePaddedToTheEscalationsStage() {
        assertThat(CascadeStages.answersPastCheapStages(cascadeTask(0, List.of())))
                .containsExactly("", "");
        assertThat(CascadeStages.answersPastCheapStages(cascadeTask(1, List.of("B"))))
                .containsExactly("B", "");
    }

    ExecutionTask cascadeTask(Integer stage, List<String> answers) {
        Cascade cascade = Cascade.newBuilder()
                .setId(CascadePlan.idOf(List.of("alpha-mini", "gamma-mini"), "beta-large"))
                .setStages(List.of(cheapA, cheapB))
                .setEscalation(dear)
                .setSignal(CascadeSignal.ANSWER_AGREEMENT.name())
                .build();
        RoutingDecision decision = RoutingDecision.newBuilder(SampleRecords.routingDecision())
                .setRoute(cheapA)
                .setCascade(cascade)
                .build();
        return ExecutionTask.newBuilder(SampleRecords.executionTask())
                .setDecision(decision)
                .setCascadeAnswers(answers)
                .setCascadeStage(stage)
                .build();
    }

    static Route route(String provider, String model) {
        return Route.newBuilder()
                .setProvider(provider)
                .setModel(model)
                .setAlias(null)
                .setVersion("1")
                .setRegion("us-east")
                .build();
    }

    static Schema withoutField(Schema schema, String name) {
        List<Schema.Field> fields = new ArrayList<>();
        for (Schema.Field f : schema.getFields()) {
            if (!f.name().equals(name)) {
                fields.add(new Schema.Field(f, f.schema()));
            }
        }
        return Schema.createRecord(schema.getName(), schema.getDoc(), schema.getNamespace(), false, fields);
    }
}
