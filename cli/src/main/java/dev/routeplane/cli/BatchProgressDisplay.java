package dev.routeplane.cli;

import dev.routeplane.client.BatchProgress;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.Locale;
import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

/**
 * How a waiting {@code submit} shows a batch's progress: on a terminal one progress bar redrawn in place (done of
 * total, the recent rate, the time left at that rate, failures so far), drawn by the progressbar library; otherwise
 * (a log, CI) one plain line every {@code every}. The rate and the time left come from {@link BatchProgress}, the
 * recent pace rather than the average since the start.
 */
final class BatchProgressDisplay implements AutoCloseable {
    private final BatchProgress progress;
    private final ProgressBar bar;
    private final PrintWriter plain;
    private final Duration every;
    private long lastPlainNanos = System.nanoTime();

    private BatchProgressDisplay(BatchProgress progress, ProgressBar bar, PrintWriter plain, Duration every) {
        this.progress = progress;
        this.bar = bar;
        this.plain = plain;
        this.every = every;
    }

    /** A bar on {@code terminal} when there is a console, else plain lines on {@code lines}. */
    static BatchProgressDisplay of(
            BatchProgress progress, boolean console, PrintStream terminal, PrintWriter lines, Duration every) {
        if (!console) {
            return new BatchProgressDisplay(progress, null, lines, every);
        }
        ProgressBar bar = new ProgressBarBuilder()
                .setTaskName("batch")
                .setInitialMax(Math.max(1, progress.snapshot().total()))
                .setStyle(ProgressBarStyle.ASCII)
                .setConsumer(new ConsoleProgressBarConsumer(terminal))
                .setUnit(" req", 1)
                .showSpeed()
                .setSpeedUnit(java.time.temporal.ChronoUnit.SECONDS)
                .setEtaFunction(state -> progress.snapshot().eta())
                .setUpdateIntervalMillis(500)
                .build();
        return new BatchProgressDisplay(progress, bar, null, every);
    }

    /** Shows the counts as they are now. */
    void update(long succeeded, long failed) {
        progress.observe(succeeded, failed);
        BatchProgress.Snapshot s = progress.snapshot();
        if (bar != null) {
            bar.maxHint(Math.max(1, s.total()));
            bar.stepTo(s.done());
            bar.setExtraMessage(s.failed() == 0 ? "" : s.failed() + " failed");
            return;
        }
        if (System.nanoTime() - lastPlainNanos >= every.toNanos() || s.remaining() == 0) {
            lastPlainNanos = System.nanoTime();
            plain.println(line(s));
            plain.flush();
        }
    }

    /** {@code batch: 1200/20000 done (50 failed), 42.1/s, 6m40s left}. */
    static String line(BatchProgress.Snapshot s) {
        return String.format(
                Locale.ROOT,
                "batch: %d/%d done (%d failed), %.1f/s, %s",
                s.done(),
                s.total(),
                s.failed(),
                s.perSecond(),
                s.eta().map(eta -> duration(eta) + " left").orElse("time left unknown"));
    }

    static String duration(Duration d) {
        long seconds = d.toSeconds();
        if (seconds >= 3600) {
            return seconds / 3600 + "h" + (seconds % 3600) / 60 + "m";
        }
        return seconds >= 60 ? seconds / 60 + "m" + seconds % 60 + "s" : seconds + "s";
    }

    @Override
    public void close() {
        if (bar != null) {
            bar.close();
        }
    }
}
