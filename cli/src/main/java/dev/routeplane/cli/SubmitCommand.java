package dev.routeplane.cli;

import dev.routeplane.client.BatchResultSpool;
import dev.routeplane.client.BatchStates;
import dev.routeplane.client.PacedSubmission;
import dev.routeplane.client.RequestSender;
import dev.routeplane.client.RouterBacklog;
import dev.routeplane.client.SubmissionPacer;
import dev.routeplane.contract.BatchPhase;
import dev.routeplane.contract.BatchState;
import dev.routeplane.contract.RouteRequest;
import dev.routeplane.openai.BatchErrorWriter;
import dev.routeplane.openai.BatchInputOptions;
import dev.routeplane.openai.BatchInputParser;
import dev.routeplane.openai.BatchLineError;
import dev.routeplane.openai.BatchParseSummary;
import dev.routeplane.openai.BatchSink;
import dev.routeplane.openai.CompletionWindow;
import dev.routeplane.schemas.RegistrySerdeConfig;
import dev.routeplane.schemas.RouteplaneSerdes;
import dev.routeplane.schemas.Topics;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * Submits a JSONL batch file (OpenAI Batch input lines and/or Routeplane request JSON) to the requests topic, paced to
 * the router, and with {@code --wait} collects the results in the OpenAI Batch output format, showing the batch's
 * progress as it runs.
 *
 * <p>Each line's {@code custom_id} (or {@code requestId}) is the request's idempotency key, and the batch id defaults
 * to one derived from the file's name and content. Where the batch stands is recorded on {@code rp.batches.v1}, so
 * running the same command again re-attaches to the batch: a submission cut short resumes after the last line Kafka
 * acknowledged, a batch sent in full is not sent again, and {@code --wait} collects its results (while the results
 * topic keeps them, 30 days). A request sent twice anyway is refused by the router ({@code DUPLICATE_REQUEST}) and
 * never runs twice.
 */
@Command(
        name = "submit",
        mixinStandardHelpOptions = true,
        description = "Submit a JSONL batch file; --wait collects results.",
        footer = {
            "",
            "Running the same command again re-attaches to the batch: nothing is sent twice, and --wait collects its",
            "results. Exit code 1 if any line was malformed, a request could not be submitted, or --wait timed out."
        })
public final class SubmitCommand implements Callable<Integer> {

    private static final Duration KAFKA_TIMEOUT = Duration.ofSeconds(15);
    /** The tenant part of a batch's key when its lines name their own tenants. */
    static final String LINES_NAME_TENANTS = "-";

    @Mixin
    KafkaOptions kafka;

    @Option(
            names = "--schema-registry-url",
            paramLabel = "URL",
            defaultValue = "http://localhost:8081",
            description = "Schema registry (default: ${DEFAULT-VALUE}).")
    String registryUrl;

    @Parameters(index = "0", paramLabel = "FILE.jsonl", description = "Batch input file, one JSON request per line.")
    Path file;

    @Option(
            names = "--tenant",
            paramLabel = "T",
            description = "Tenant to submit for (required for OpenAI-format lines).")
    String tenant;

    @Option(
            names = "--batch-id",
            paramLabel = "ID",
            description = "Batch id (default: derived from the file's name and content).")
    String batchId;

    @Option(
            names = "--completion-window",
            paramLabel = "DURATION",
            defaultValue = "24h",
            description = "Every request is due this long after the batch is created: 1m to 7d, e.g. 24h, 90m, 2d"
                    + " (default: ${DEFAULT-VALUE}, OpenAI's).")
    String completionWindow;

    @Option(names = "--wait", description = "Wait for every request's result and write them.")
    boolean await;

    @Option(
            names = "--out",
            paramLabel = "OUT.jsonl",
            description = "With --wait: write results here (default: standard output).")
    Path out;

    @Option(names = "--errors", paramLabel = "ERR.jsonl", description = "Also write the malformed lines' errors here.")
    Path errors;

    @Option(
            names = "--timeout",
            paramLabel = "SECONDS",
            defaultValue = "86400",
            description = "With --wait: give up waiting after this long (default: ${DEFAULT-VALUE}).")
    long timeoutSeconds;

    @Option(
            names = "--router-group",
            paramLabel = "ID",
            defaultValue = RouterBacklog.DEFAULT_ROUTER_GROUP,
            description = "The router's application id, whose backlog paces submission (default: ${DEFAULT-VALUE}).")
    String routerGroup;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        PrintWriter err = spec.commandLine().getErr();
        if (!Files.isRegularFile(file)) {
            throw new IllegalArgumentException("FILE " + file + " does not exist or is not a file");
        }
        if (timeoutSeconds <= 0) {
            throw new IllegalArgumentException("--timeout must be a positive number of seconds, got " + timeoutSeconds);
        }
        if (out != null && !await) {
            throw new IllegalArgumentException("--out " + out + " needs --wait: results are only written when waiting");
        }
        Duration window;
        try {
            window = CompletionWindow.parse(completionWindow);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("--completion-window: " + e.getMessage(), e);
        }
        String batch = batchId != null ? batchId : SubmitBatchId.of(file);
        String owner = tenant == null ? LINES_NAME_TENANTS : tenant;
        Topics topics = Topics.defaults();
        Map<String, Object> clientConfig = kafka.clientConfig();
        Map<String, Object> serdeConfig = new HashMap<>(clientConfig);
        serdeConfig.put(RegistrySerdeConfig.SCHEMA_REGISTRY_URL, registryUrl);
        RouteplaneSerdes serdes = new RouteplaneSerdes(serdeConfig);

        Path spoolDir = Files.createTempDirectory("routeplane-submit-");
        try (BatchStates states = new BatchStates(clientConfig, topics, serdes, "routeplane-submit");
                BatchResultSpool spool = BatchResultSpool.open(spoolDir, "results")) {
            Optional<BatchState> earlier = states.lookup(owner, batch);
            Instant createdAt = earlier.map(BatchState::getCreatedAt).orElse(Instant.now());
            if (earlier.isPresent()) {
                window = Duration.ofMillis(earlier.get().getCompletionWindowMs());
                err.println("submit: re-attaching to batch " + batch + " (" + phase(earlier.get()) + ")");
            } else {
                err.println("submit: " + file + " as batch " + batch + (tenant == null ? "" : " for tenant " + tenant)
                        + ", due within " + CompletionWindow.format(window));
            }
            err.flush();
            Submitted submitted = submit(states, spool, earlier, batch, owner, createdAt, window, serdes, topics, err);
            long terminal = 0;
            boolean timedOut = false;
            if (await) {
                BatchResultsWait wait = new BatchResultsWait(clientConfig, topics, serdes, batch, tenant, spool);
                timedOut = !wait.follow(createdAt, Duration.ofSeconds(timeoutSeconds), err);
                terminal = spool.recorded();
                wait.write(out, spec.commandLine().getOut());
                if (!timedOut) {
                    states.publish(state(submitted, BatchPhase.COMPLETED, batch, owner, createdAt, window))
                            .get(KAFKA_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
                }
            }
            err.println("submit: " + submitted.summary().lines() + " lines, " + submitted.requests() + " submitted, "
                    + submitted.summary().rejected() + " malformed, " + terminal + " terminal");
            if (timedOut) {
                err.println("submit: " + (spool.expected() - terminal) + " of " + spool.expected()
                        + " requests had no result within " + timeoutSeconds
                        + " s (--timeout); run the same command again to keep waiting");
            }
            err.flush();
            return submitted.summary().rejected() > 0 || timedOut ? 1 : 0;
        } finally {
            deleteQuietly(spoolDir);
        }
    }

    /** What the submission pass did. */
    private record Submitted(BatchParseSummary summary, long requests, long throughLine) {}

    /**
     * Reads the file once: every valid line joins the batch's index (so results can be written in input order), and
     * unless an earlier run sent the whole batch, lines after its checkpoint are sent, paced to the router.
     */
    private Submitted submit(
            BatchStates states,
            BatchResultSpool spool,
            Optional<BatchState> earlier,
            String batch,
            String owner,
            Instant createdAt,
            Duration window,
            RouteplaneSerdes serdes,
            Topics topics,
            PrintWriter err)
            throws Exception {
        boolean send = earlier.isEmpty() || earlier.get().getPhase() == BatchPhase.SUBMITTING;
        long fromRequests = earlier.map(BatchState::getSubmittedRequests).orElse(0L);
        long fromLine = send ? earlier.map(BatchState::getSubmittedThroughLine).orElse(0L) : Long.MAX_VALUE;
        Map<String, Object> clientConfig = kafka.clientConfig();
        try (RequestSender sender = new RequestSender(clientConfig, topics, serdes, "routeplane-submit");
                RouterBacklog backlog = new RouterBacklog(clientConfig, topics, routerGroup);
                BatchErrorWriter errorFile = errors == null
                        ? null
                        : new BatchErrorWriter(Files.newBufferedWriter(errors, StandardCharsets.UTF_8))) {
            SubmissionPacer pacer =
                    new SubmissionPacer(waiting(backlog, err), SubmissionPacer.DEFAULT_WINDOW, Duration.ofMillis(50));
            PacedSubmission pass = new PacedSubmission(
                    sender::send,
                    pacer,
                    fromRequests,
                    fromLine,
                    send
                            ? (requests, line) -> states.publish(state(
                                    new Submitted(null, requests, line),
                                    BatchPhase.SUBMITTING,
                                    batch,
                                    owner,
                                    createdAt,
                                    window))
                            : (requests, line) -> {},
                    (line, id, cause) -> err.println("submit: line " + line + " (requestId '" + id
                            + "') was refused by Kafka at " + kafka.bootstrapServers() + ": " + cause.getMessage()));
            BatchInputParser parser = new BatchInputParser(
                    BatchInputOptions.of(tenant, batch, window), Clock.fixed(createdAt, ZoneOffset.UTC));
            BatchParseSummary summary;
            try {
                summary = parser.parse(file, new BatchSink() {
                    @Override
                    public void accept(long lineNumber, RouteRequest request) {
                        try {
                            spool.expect(lineNumber, request.getRequestId());
                            if (!pass.skips(lineNumber)) {
                                pass.send(lineNumber, request.getRequestId(), request);
                            }
                        } catch (IOException e) {
                            throw new UncheckedIOException(e);
                        } catch (InterruptedException e) {
                            Thread.currentThread().interrupt();
                            throw new CompletionException(e);
                        }
                    }

                    @Override
                    public void reject(BatchLineError error) {
                        err.println("submit: line " + error.lineNumber() + ": " + error.reasonCode() + ": "
                                + error.message());
                        if (errorFile != null) {
                            try {
                                errorFile.write(error);
                            } catch (IOException e) {
                                throw new UncheckedIOException("cannot write --errors " + errors, e);
                            }
                        }
                    }
                });
            } catch (UncheckedIOException e) {
                throw e.getCause();
            }
            if (!pass.finish()) {
                throw new IllegalStateException("Kafka at " + kafka.bootstrapServers() + " did not acknowledge every"
                        + " request in time; " + pass.requests() + " were sent. Run the same command again to send"
                        + " the rest");
            }
            long requests = send ? pass.requests() : earlier.get().getSubmittedRequests();
            Submitted done = new Submitted(summary, requests, pass.throughLine());
            if (send) {
                states.publish(state(done, BatchPhase.IN_PROGRESS, batch, owner, createdAt, window))
                        .get(KAFKA_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            }
            return done;
        }
    }

    /** The router's backlog, saying so on stderr when it holds submission back for long. */
    private static SubmissionPacer.Backlog waiting(RouterBacklog backlog, PrintWriter err) {
        long[] lastSaid = {System.nanoTime()};
        return tenantId -> {
            long waiting = backlog.backlog(tenantId);
            if (waiting >= SubmissionPacer.DEFAULT_WINDOW
                    && System.nanoTime() - lastSaid[0] > Duration.ofSeconds(10).toNanos()) {
                lastSaid[0] = System.nanoTime();
                err.println("submit: waiting for the router: " + waiting + " requests of tenant " + tenantId
                        + " not yet routed (is the router running?)");
                err.flush();
            }
            return waiting;
        };
    }

    private BatchState state(
            Submitted submitted, BatchPhase phase, String batch, String owner, Instant createdAt, Duration window) {
        BatchParseSummary summary = submitted.summary();
        return BatchState.newBuilder()
                .setTenantId(owner)
                .setBatchId(batch)
                .setPhase(phase)
                .setInputLines(summary == null ? submitted.throughLine() : summary.lines())
                .setAcceptedRequests(summary == null ? submitted.requests() : summary.accepted())
                .setMalformedLines(summary == null ? 0 : summary.rejected())
                .setSubmittedRequests(submitted.requests())
                .setSubmittedThroughLine(submitted.throughLine())
                .setCompletionWindowMs(window.toMillis())
                .setSource("cli")
                .setCreatedAt(createdAt)
                .setUpdatedAt(Instant.now())
                .build();
    }

    private static String phase(BatchState state) {
        return switch (state.getPhase()) {
            case SUBMITTING ->
                "submission stopped after " + state.getSubmittedRequests() + " requests; sending the rest";
            case IN_PROGRESS, CANCELLING -> "all " + state.getSubmittedRequests() + " requests sent earlier";
            default -> state.getPhase().name().toLowerCase(java.util.Locale.ROOT);
        };
    }

    private static void deleteQuietly(Path dir) {
        try (var paths = Files.walk(dir)) {
            paths.sorted(java.util.Comparator.reverseOrder())
                    .forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            // a temporary directory; the OS cleans it eventually
        }
    }
}
