package dev.routeplane.cli.demo;

import dev.routeplane.schemas.Money;
import java.io.PrintStream;

/**
 * The live progress line: redrawn in place on a terminal, one line every few seconds otherwise (logs, CI).
 */
final class Progress {

    private static final int BAR_WIDTH = 28;
    private static final long PLAIN_EVERY_NANOS = 5_000_000_000L;

    private final PrintStream out;
    private final boolean terminal = System.console() != null;
    private boolean lineOpen;
    private long lastPlain;

    Progress(PrintStream out) {
        this.out = out;
    }

    void line(String text) {
        if (lineOpen) {
            out.print("\r\033[2K");
            lineOpen = false;
        }
        out.println(text);
    }

    void update(int submitted, WatchSnapshot s, long inFlightAtProviders) {
        int filled = (int) (BAR_WIDTH * Math.min(1.0, s.terminal() / (double) submitted));
        String bar = "[" + "#".repeat(filled) + ".".repeat(BAR_WIDTH - filled) + "]";
        String text = String.format(
                "%s submitted %d  routed %d  in flight %d  done %d  failed %d  fallbacks %d  spend %s",
                bar,
                submitted,
                s.routed(),
                inFlightAtProviders,
                s.terminal() - s.failed(),
                s.failed(),
                s.fallbacks(),
                Money.format(s.spentMicros()));
        if (terminal) {
            out.print("\r\033[2K" + text);
            out.flush();
            lineOpen = true;
        } else if (System.nanoTime() - lastPlain > PLAIN_EVERY_NANOS || s.terminal() == submitted) {
            out.println(text);
            lastPlain = System.nanoTime();
        }
    }

    void finish() {
        if (lineOpen) {
            out.println();
            lineOpen = false;
        }
    }
}
