package dev.routeplane.cli.process;

import dev.routeplane.cli.RouteplaneCli;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Pattern;

/**
 * One {@code routeplane} service command in a JVM of its own, the way a container runs it: exactly the command line a
 * deployment gives it ({@code java -cp <this classpath> RouteplaneCli <args>}), in its own working directory, with only
 * the environment its spec names (a container does not see the host's), its output appended to a log file. It is
 * ready once its log shows a line matching {@link Spec#ready}. {@link #stop} is SIGTERM (shutdown hooks run) with
 * SIGKILL after a grace period; {@link #kill} is SIGKILL (a crash).
 *
 * <p>For tests and harnesses that run services as separate processes (the compose services IT, the chaos harness). Not thread-safe: one owner starts and stops it.
 */
public final class ServiceProcess implements AutoCloseable {
    /** Variables a JVM child keeps from this process's environment; every other one comes from its spec. */
    private static final List<String> INHERITED = List.of("PATH", "HOME", "LANG", "TMPDIR");

    private static final int LOG_TAIL_LINES = 40;

    /**
     * What to run.
     *
     * @param name       a label for messages, e.g. {@code executors-2}
     * @param args       the {@code routeplane} arguments, e.g. {@code ["router", "--bootstrap-servers", ...]}
     * @param ready      a line the command prints once it serves
     * @param jvmOptions options of the child JVM, e.g. {@code -Xmx384m}
     * @param env        the child's environment variables (besides PATH, HOME, LANG and TMPDIR)
     * @param logFile    where its stdout and stderr are appended
     * @param workDir    its working directory (relative paths in its arguments resolve there), or null for this
     *                   process's
     */
    public record Spec(
            String name,
            List<String> args,
            Pattern ready,
            List<String> jvmOptions,
            Map<String, String> env,
            Path logFile,
            Path workDir) {
        public Spec {
            Objects.requireNonNull(name, "name");
            args = List.copyOf(args);
            Objects.requireNonNull(ready, "ready");
            jvmOptions = List.copyOf(jvmOptions);
            env = Map.copyOf(env);
            Objects.requireNonNull(logFile, "logFile");
        }

        /** A spec running in this process's working directory. */
        public Spec(
                String name,
                List<String> args,
                Pattern ready,
                List<String> jvmOptions,
                Map<String, String> env,
                Path logFile) {
            this(name, args, ready, jvmOptions, env, logFile, null);
        }
    }

    private final Spec spec;
    private final Process process;
    private final long logStart;

    private ServiceProcess(Spec spec, Process process, long logStart) {
        this.spec = spec;
        this.process = process;
        this.logStart = logStart;
    }

    /** Starts the command without waiting; {@link #awaitReady} waits for its ready line. */
    public static ServiceProcess launch(Spec spec) throws IOException {
        Files.createDirectories(spec.logFile().toAbsolutePath().getParent());
        long logStart = Files.exists(spec.logFile()) ? Files.size(spec.logFile()) : 0;
        ProcessBuilder builder = new ProcessBuilder(command(spec))
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(spec.logFile().toFile()));
        if (spec.workDir() != null) {
            Files.createDirectories(spec.workDir());
            builder.directory(spec.workDir().toFile());
        }
        Map<String, String> env = builder.environment();
        env.keySet().retainAll(INHERITED);
        env.putAll(spec.env());
        Process process = builder.start();
        process.getOutputStream().close(); // services read no input
        return new ServiceProcess(spec, process, logStart);
    }

    /**
     * Starts the command and waits until it is ready.
     *
     * @throws TimeoutException if it is not ready within {@code timeout} (it is then killed) or exits first; the message
     *     carries the end of its log
     */
    public static ServiceProcess start(Spec spec, Duration timeout) throws IOException, TimeoutException {
        ServiceProcess started = launch(spec);
        started.awaitReady(timeout);
        return started;
    }

    /** The command line: this JVM's java binary, the JVM options, this classpath, the CLI and the arguments. */
    public static List<String> command(Spec spec) {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(spec.jvmOptions());
        command.add("-cp");
        command.add(classpath());
        command.add(RouteplaneCli.class.getName());
        command.addAll(spec.args());
        return command;
    }

    /**
     * This JVM's classpath without test classes and test jars, entries made absolute (the child may run elsewhere):
     * under a test the child runs what the image runs, production classes and their logging configuration. Surefire
     * and Failsafe start tests from a booter jar whose manifest holds the classpath, and publish the real one as
     * {@code surefire.test.class.path}.
     */
    static String classpath() {
        String path = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        List<String> entries = new ArrayList<>();
        for (String entry : path.split(File.pathSeparator)) {
            if (!entry.isBlank() && !entry.endsWith("test-classes") && !entry.endsWith("-tests.jar")) {
                entries.add(Path.of(entry).toAbsolutePath().toString());
            }
        }
        return String.join(File.pathSeparator, entries);
    }

    /**
     * Waits until the log written since the start shows the ready line.
     *
     * @throws TimeoutException as {@link #start}
     */
    public void awaitReady(Duration timeout) throws IOException, TimeoutException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            for (String line : log().split("\n", -1)) {
                if (spec.ready().matcher(line).find()) {
                    return;
                }
            }
            if (!process.isAlive()) {
                throw new TimeoutException(spec.name() + " exited with code " + process.exitValue()
                        + " before it was ready; the end of " + spec.logFile() + ":\n" + logTail());
            }
            if (System.nanoTime() > deadline) {
                process.destroyForcibly();
                throw new TimeoutException(spec.name() + " printed no line matching '" + spec.ready() + "' within "
                        + timeout + " and was killed; the end of " + spec.logFile() + ":\n" + logTail());
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                process.destroyForcibly();
                throw new TimeoutException("interrupted while waiting for " + spec.name());
            }
        }
    }

    /** What the process wrote to its log since it started. */
    public String log() throws IOException {
        if (!Files.exists(spec.logFile())) {
            return "";
        }
        byte[] all = Files.readAllBytes(spec.logFile());
        int from = (int) Math.min(logStart, all.length);
        return new String(all, from, all.length - from, StandardCharsets.UTF_8);
    }

    /** The last lines of {@link #log()}, for failure messages. */
    public String logTail() throws IOException {
        List<String> lines = log().lines().toList();
        return String.join("\n", lines.subList(Math.max(0, lines.size() - LOG_TAIL_LINES), lines.size()));
    }

    public Spec spec() {
        return spec;
    }

    public String name() {
        return spec.name();
    }

    public long pid() {
        return process.pid();
    }

    public boolean alive() {
        return process.isAlive();
    }

    /** Starts the same command again, e.g. after {@link #kill}, appending to the same log; this one must have exited. */
    public ServiceProcess restart(Duration timeout) throws IOException, TimeoutException {
        if (process.isAlive()) {
            throw new IllegalStateException(spec.name() + " (pid " + pid() + ") is still running");
        }
        return start(spec, timeout);
    }

    /** SIGKILL, and waits until the process is gone. */
    public void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor();
    }

    /** SIGTERM (the JVM runs its shutdown hooks), then SIGKILL if it has not exited within {@code grace}. */
    public void stop(Duration grace) throws InterruptedException {
        process.destroy();
        if (!process.waitFor(grace.toMillis(), TimeUnit.MILLISECONDS)) {
            kill();
        }
    }

    /** Stops it (15 s grace) if it still runs. */
    @Override
    public void close() throws InterruptedException {
        if (process.isAlive()) {
            stop(Duration.ofSeconds(15));
        }
    }
}
