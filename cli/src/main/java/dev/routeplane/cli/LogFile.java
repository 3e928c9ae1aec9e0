package dev.routeplane.cli;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.FileAppender;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import org.slf4j.LoggerFactory;

/**
 * Sends every log line of this process to a file instead of the terminal, for commands whose own output is
 * the product (the demo's progress and summary) while the embedded services keep logging in full.
 */
public final class LogFile {

    private LogFile() {}

    private static final DateTimeFormatter RUN_STAMP =
            DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss").withZone(ZoneOffset.UTC);

    /**
     * Redirects this run's log lines to {@code .routeplane/logs/<kind>-<UTC time>.log}, so the embedded broker's
     * warnings and errors (such as the known transactions-v2 sequence noise) stay off the terminal, and says where.
     */
    public static Path redirectForRun(String kind) {
        Path file = redirectTo(Path.of(".routeplane", "logs", kind + "-" + RUN_STAMP.format(Instant.now()) + ".log"));
        System.out.println("service logs: " + file);
        return file;
    }

    /** Redirects the root logger to {@code file} (created with its parents); returns the file. */
    public static Path redirectTo(Path file) {
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the log directory for " + file, e);
        }
        LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
        PatternLayoutEncoder encoder = new PatternLayoutEncoder();
        encoder.setContext(context);
        encoder.setPattern("%d{HH:mm:ss.SSS} %-5level [%thread] %logger{36} %msg%n");
        encoder.start();
        FileAppender<ILoggingEvent> appender = new FileAppender<>();
        appender.setContext(context);
        appender.setName("FILE");
        appender.setFile(file.toString());
        appender.setEncoder(encoder);
        appender.start();
        Logger root = context.getLogger(Logger.ROOT_LOGGER_NAME);
        root.detachAndStopAllAppenders();
        root.addAppender(appender);
        return file;
    }
}
