package dev.routeplane.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.openai.client.OpenAIClient;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import com.openai.core.http.HttpResponse;
import com.openai.core.http.StreamResponse;
import com.openai.errors.NotFoundException;
import com.openai.models.batches.Batch;
import com.openai.models.batches.BatchCreateParams;
import com.openai.models.chat.completions.ChatCompletion;
import com.openai.models.chat.completions.ChatCompletionChunk;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import com.openai.models.chat.completions.ChatCompletionStreamOptions;
import com.openai.models.files.FileCreateParams;
import com.openai.models.files.FileObject;
import com.openai.models.files.FilePurpose;
import com.openai.models.models.Model;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The official OpenAI Java SDK against the API on the whole pipeline (embedded broker and registry, router,
 * executors calling the provider simulator, ledger), configured with nothing but a base URL and a key: the
 * calls clients make first (models), chat, streamed chat, files and batches.
 */
class OpenAiSdkIT {
    @TempDir
    static Path dir;

    private static ApiPipeline pipeline;
    private static OpenAIClient acme;
    private static OpenAIClient tightwad;

    @BeforeAll
    static void startPipeline() throws Exception {
        pipeline = ApiPipeline.start(dir);
        acme = client("acme");
        tightwad = client("tightwad");
    }

    private static OpenAIClient client(String tenant) {
        return OpenAIOkHttpClient.builder()
                .baseUrl(pipeline.baseUri() + "/v1")
                .apiKey(TenantAuthenticator.demoKey(tenant))
                .build();
    }

    @AfterAll
    static void stop() {
        for (OpenAIClient client : new OpenAIClient[] {acme, tightwad}) {
            if (client != null) {
                client.close();
            }
        }
        if (pipeline != null) {
            pipeline.close();
        }
    }

    @Test
    void listsWhatEachTenantMayAskForAndRetrievesOneModel() {
        List<Model> acmeModels = acme.models().list().data();
        Set<String> tightwadIds =
                tightwad.models().list().data().stream().map(Model::id).collect(Collectors.toSet());

        assertThat(acmeModels.get(0).id()).isEqualTo("auto");
        assertThat(acmeModels).extracting(Model::id).contains("prod-stable", "prod-cheap", "claude-sonnet-4");
        assertThat(acmeModels).allSatisfy(m -> assertThat(m.ownedBy()).isNotBlank());
        // tightwad's policy allows openai, mistral, vllm-internal and ollama-local only
        assertThat(tightwadIds).contains("auto", "prod-cheap", "gpt-4o-mini").doesNotContain("claude-sonnet-4");
        Model cheap = acme.models().retrieve("prod-cheap");
        assertThat(cheap.id()).isEqualTo("prod-cheap");
        assertThat(cheap.ownedBy()).isEqualTo("routeplane");
        assertThatThrownBy(() -> tightwad.models().retrieve("claude-sonnet-4")).isInstanceOf(NotFoundException.class);
    }

    @Test
    void chatsAndStreamsTheSameRoutedAnswer() {
        ChatCompletion completion = acme.chat()
                .completions()
                .create(ChatCompletionCreateParams.builder()
                        .model("auto")
                        .addUserMessage("Summarise in one line: Kafka keeps ordered logs.")
                        .build());

        assertThat(completion.choices()).hasSize(1);
        assertThat(completion.choices().get(0).message().content())
                .hasValueSatisfying(text -> assertThat(text).isNotBlank());
        assertThat(completion.usage())
                .hasValueSatisfying(u -> assertThat(u.promptTokens()).isPositive());

        List<ChatCompletionChunk> chunks;
        try (StreamResponse<ChatCompletionChunk> stream = acme.chat()
                .completions()
                .createStreaming(ChatCompletionCreateParams.builder()
                        .model("auto")
                        .addUserMessage("Summarise in one line: offsets are positions in a partition.")
                        .streamOptions(ChatCompletionStreamOptions.builder()
                                .includeUsage(true)
                                .build())
                        .build())) {
            chunks = stream.stream().toList();
        }

        String streamed = chunks.stream()
                .flatMap(c -> c.choices().stream())
                .map(choice -> choice.delta().content().orElse(""))
                .collect(Collectors.joining());
        assertThat(streamed).isNotBlank();
        assertThat(chunks)
                .flatExtracting(ChatCompletionChunk::choices)
                .filteredOn(choice -> choice.finishReason().isPresent())
                .hasSize(1);
        ChatCompletionChunk last = chunks.get(chunks.size() - 1);
        assertThat(last.choices()).isEmpty();
        assertThat(last.usage()).hasValueSatisfying(u -> {
            assertThat(u.promptTokens()).isPositive();
            assertThat(u.totalTokens()).isEqualTo(u.promptTokens() + u.completionTokens());
        });
    }

    @Test
    void uploadsABatchFileRunsItAndDownloadsTheResults() throws Exception {
        Path input = dir.resolve("sdk-batch.jsonl");
        Files.writeString(
                input,
                String.join(
                                "\n",
                                ApiClient.line("s1", "Translate to French: good night"),
                                ApiClient.line("s2", "Classify the sentiment: this is great"),
                                ApiClient.line("s3", "Extract the city: we met in Porto"))
                        + "\n",
                StandardCharsets.UTF_8);

        FileObject file = acme.files()
                .create(FileCreateParams.builder()
                        .file(input)
                        .purpose(FilePurpose.BATCH)
                        .build());
        assertThat(file.bytes()).isEqualTo(Files.size(input));
        Batch batch = acme.batches()
                .create(BatchCreateParams.builder()
                        .inputFileId(file.id())
                        .endpoint(BatchCreateParams.Endpoint.V1_CHAT_COMPLETIONS)
                        .completionWindow(BatchCreateParams.CompletionWindow._24H)
                        .build());
        await().atMost(Duration.ofSeconds(90))
                .pollInterval(Duration.ofMillis(300))
                .until(() -> Batch.Status.COMPLETED.equals(
                        acme.batches().retrieve(batch.id()).status()));

        Batch done = acme.batches().retrieve(batch.id());
        assertThat(done.requestCounts()).hasValueSatisfying(counts -> {
            assertThat(counts.total()).isEqualTo(3);
            assertThat(counts.completed()).isEqualTo(3);
            assertThat(counts.failed()).isZero();
        });
        String output;
        try (HttpResponse content = acme.files().content(done.outputFileId().orElseThrow())) {
            output = new String(content.body().readAllBytes(), StandardCharsets.UTF_8);
        }
        List<JsonNode> lines = ApiClient.jsonLines(output);
        assertThat(lines).extracting(l -> l.get("custom_id").asText()).containsExactlyInAnyOrder("s1", "s2", "s3");
        assertThat(lines)
                .allSatisfy(l -> assertThat(
                                l.at("/response/body/choices/0/message/content").asText())
                        .isNotBlank());
    }
}
