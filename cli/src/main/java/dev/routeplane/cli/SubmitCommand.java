package dev.routeplane.cli;

import dev.routeplane.contract.ExecutionResult;
import dev.routeplane.contract.RouteRequest;
import dev.routeplane.openai.BatchErrorWriter;
import dev.routeplane.openai.BatchInputOptions;
import dev.routeplane.openai.BatchInputParser;
import dev.routeplane.openai.BatchLineError;
import dev.routeplane.openai.BatchOutputWriter;
import dev.routeplane.openai.BatchParseSummary;
import dev.routeplane.openai.BatchSink;
import dev.routeplane.schemas.RegistrySerdeConfig;
import dev.routeplane.schemas.RouteplaneSerdes;
import dev.routeplane.schemas.Topics;
import java.io.FilterWriter;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * Submits a JSONL batch file (OpenAI Batch input lines and/or Routeplane request JSON) to the requests topic, and
 * with {@code --wait} collects the results in the OpenAI Batch output format.
 *
 * <p>Each line's {@code custom_id} (or {@code requestId}) is the request's idempotency key, and the batch id
 * defaults to one derived from the file's name and content, so re-running the same file produces the same
 * requests again: the router refuses those it has already routed (reason {@code DUPLICATE_REQUEST}, on
 * {@code rp.requests.rejected.v1}) and does not execute them twice, and {@code --wait} finds the first run's
 * results on the results topic (while they are retained, 30 days).
 */
@Command(
        name = "submit",
        mixinStandardHelpOptions = true,
        description = "Submit a JSONL batch file; --wait collects results.",
        footer = {
            "",
            "Re-running the same file does not run a request twice: custom_id is the idempotency key and the router",
            "refuses repeats as DUPLICATE_REQUEST. Exit code 1 if any line was malformed, a request could not be",
            "submitted, or --wait timed out."
        })
public final class SubmitCommand implements Callable<Integer> {

    private static final long PROGRESS_EVERY_LINES = 10_000;
    private static final long PROGRESS_EVERY_MS = 1_000;
    private static final Duration KAFKA_TIMEOUT = Duration.ofSeconds(15);

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
            defaultValue = "600",
            description = "With --wait: give up after this long (default: ${DEFAULT-VALUE}).")
    long timeoutSeconds;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    /** A submitted request, in input order. */
    private record Submitted(String tenantId, String requestId) {}

    @Override
    public Integer call() throws Exception {
        PrintWriter err = spec.commandLine().getErr();
        PrintWriter stdout = spec.commandLine().getOut();
        if (!Files.isRegularFile(file)) {
            throw new IllegalArgumentException("FILE " + file + " does not exist or is not a file");
        }
        if (timeoutSeconds <= 0) {
            throw new IllegalArgumentException("--timeout must be a positive number of seconds, got " + timeoutSeconds);
        }
        if (out != null && !await) {
            throw new IllegalArgumentException("--out " + out + " needs --wait: results are only written when waiting");
        }
        String batch = batchId != null ? batchId : SubmitBatchId.of(file);
        err.println("submit: " + file + " as batch " + batch + (tenant == null ? "" : " for tenant " + tenant));
        err.flush();

        Topics topics = Topics.defaults();
        Map<String, Object> clientConfig = kafka.clientConfig();
        Map<String, Object> serdeConfig = new HashMap<>(clientConfig);
        serdeConfig.put(RegistrySerdeConfig.SCHEMA_REGISTRY_URL, registryUrl);
        RouteplaneSerdes serdes = new RouteplaneSerdes(serdeConfig);

        // Results are looked for from the beginning of the topic, so the consumer can start after submitting.
        List<Submitted> order = await ? new ArrayList<>() : null;
        BatchParseSummary summary;
        long submitted;
        try (BatchErrorWriter errorFile = errors == null
                        ? null
                        : new BatchErrorWriter(Files.newBufferedWriter(errors, StandardCharsets.UTF_8));
                KafkaProducer<String, RouteRequest> producer = producer(clientConfig, serdes, topics)) {
            Sink sink = new Sink(producer, topics.requests().name(), errorFile, order, err);
            try {
                summary =
                        new BatchInputParser(BatchInputOptions.of(tenant, batch), Clock.systemUTC()).parse(file, sink);
            } finally {
                producer.flush();
            }
            sink.checkFailure();
            submitted = sink.acked.get();
            err.println(sink.progress(summary.lines()));
        }

        long terminal = 0;
        boolean timedOut = false;
        if (await && !order.isEmpty()) {
            try (SubmitResults results = new SubmitResults(
                    clientConfig, topics.results().name(), serdes.decoder(topics.results()), KAFKA_TIMEOUT)) {
                order.forEach(s -> results.want(s.tenantId(), s.requestId()));
                timedOut = !follow(results, order.size(), err);
                terminal = results.terminal();
                writeResults(results, order, stdout);
            }
        } else if (await) {
            writeResults(null, List.of(), stdout);
        }
        err.println("submit: " + summary.lines() + " lines, " + submitted + " submitted, " + summary.rejected()
                + " malformed, " + terminal + " terminal");
        if (timedOut) {
            err.println(
                    "submit: " + (order.size() - terminal) + " of " + order.size() + " requests had no result within "
                            + timeoutSeconds + " s (--timeout); run the same command again to keep waiting");
        }
        err.flush();
        return summary.rejected() > 0 || timedOut ? 1 : 0;
    }

    /** @return true if every request got a result before the timeout */
    private boolean follow(SubmitResults results, int expected, PrintWriter err) {
        long deadline = System.nanoTime() + Duration.ofSeconds(timeoutSeconds).toNanos();
        long lastPrint = System.nanoTime();
        while (!results.complete()) {
            if (System.nanoTime() - deadline >= 0) {
                return false;
            }
            results.poll(Duration.ofMillis(200), err);
            if (System.nanoTime() - lastPrint
                    >= Duration.ofMillis(PROGRESS_EVERY_MS).toNanos()) {
                lastPrint = System.nanoTime();
                err.println("submit: waiting, " + results.terminal() + "/" + expected + " terminal");
                err.flush();
            }
        }
        return true;
    }

    private void writeResults(SubmitResults results, List<Submitted> order, PrintWriter stdout) throws IOException {
        Writer target = out == null
                ? new FilterWriter(stdout) {
                    @Override
                    public void close() throws IOException {
                        flush(); // standard output stays open
                    }
                }
                : Files.newBufferedWriter(out, StandardCharsets.UTF_8);
        try (BatchOutputWriter writer = new BatchOutputWriter(target)) {
            for (Submitted s : order) {
                ExecutionResult result = results.result(s.tenantId(), s.requestId());
                if (result != null) {
                    writer.write(result);
                }
            }
        }
    }

    private KafkaProducer<String, RouteRequest> producer(
            Map<String, Object> clientConfig, RouteplaneSerdes serdes, Topics topics) {
        Map<String, Object> config = new HashMap<>(clientConfig);
        config.put(ProducerConfig.ACKS_CONFIG, "all");
        config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        config.putIfAbsent(ProducerConfig.LINGER_MS_CONFIG, 5);
        config.putIfAbsent(ProducerConfig.MAX_BLOCK_MS_CONFIG, (int) KAFKA_TIMEOUT.toMillis());
        config.putIfAbsent(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 60_000);
        config.putIfAbsent(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 30_000);
        config.putIfAbsent(ProducerConfig.CLIENT_ID_CONFIG, "routeplane-submit");
        return new KafkaProducer<>(
                config,
                new StringSerializer(),
                serdes.valueSerde(topics.requests()).serializer());
    }

    /** Produces accepted lines as they are read and reports refused ones; stops at the first failed send. */
    private final class Sink implements BatchSink {
        private final KafkaProducer<String, RouteRequest> producer;
        private final String topic;
        private final BatchErrorWriter errorFile;
        private final List<Submitted> order;
        private final PrintWriter err;
        private final AtomicLong acked = new AtomicLong();
        private final AtomicReference<Exception> failure = new AtomicReference<>();
        private long lastLine;
        private long sent;
        private long malformed;
        private long lastPrintNanos = System.nanoTime();
        private long lastPrintLine;

        Sink(
                KafkaProducer<String, RouteRequest> producer,
                String topic,
                BatchErrorWriter errorFile,
                List<Submitted> order,
                PrintWriter err) {
            this.producer = producer;
            this.topic = topic;
            this.errorFile = errorFile;
            this.order = order;
            this.err = err;
        }

        @Override
        public void accept(long lineNumber, RouteRequest request) {
            checkFailure();
            lastLine = lineNumber;
            try {
                producer.send(new ProducerRecord<>(topic, request.getTenantId(), request), (metadata, error) -> {
                    if (error == null) {
                        acked.incrementAndGet();
                    } else {
                        failure.compareAndSet(
                                null,
                                new IllegalStateException(
                                        "line " + lineNumber + " (requestId '"
                                                + request.getRequestId() + "') was not acknowledged by Kafka at "
                                                + kafka.bootstrapServers()
                                                + ": " + error.getMessage(),
                                        error));
                    }
                });
            } catch (RuntimeException e) {
                throw new IllegalStateException(
                        "cannot submit line " + lineNumber + " (requestId '"
                                + request.getRequestId() + "') to Kafka at " + kafka.bootstrapServers()
                                + " with schema registry "
                                + registryUrl + ": " + e.getMessage(),
                        e);
            }
            sent++;
            if (order != null) {
                order.add(new Submitted(request.getTenantId(), request.getRequestId()));
            }
            maybeProgress();
        }

        @Override
        public void reject(BatchLineError error) {
            lastLine = error.lineNumber();
            malformed++;
            err.println("submit: line " + error.lineNumber() + ": " + error.reasonCode() + ": " + error.message());
            if (errorFile != null) {
                try {
                    errorFile.write(error);
                } catch (IOException e) {
                    throw new IllegalStateException("cannot write --errors " + errors + ": " + e.getMessage(), e);
                }
            }
            maybeProgress();
        }

        void checkFailure() {
            Exception e = failure.get();
            if (e != null) {
                throw e instanceof RuntimeException r ? r : new IllegalStateException(e);
            }
        }

        String progress(long lines) {
            return "submit: " + lines + " lines read, " + acked.get() + " submitted, " + malformed + " malformed";
        }

        private void maybeProgress() {
            long now = System.nanoTime();
            if (lastLine - lastPrintLine >= PROGRESS_EVERY_LINES
                    || now - lastPrintNanos
                            >= Duration.ofMillis(PROGRESS_EVERY_MS).toNanos()) {
                lastPrintLine = lastLine;
                lastPrintNanos = now;
                err.println(
                        progress(lastLine) + (sent > acked.get() ? " (" + (sent - acked.get()) + " in flight)" : ""));
                err.flush();
            }
        }
    }
}
