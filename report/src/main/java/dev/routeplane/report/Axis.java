package dev.routeplane.report;

import java.util.ArrayList;
import java.util.List;

/**
 * A numeric axis mapping data values to pixels, with "nice" ticks (1, 2, 2.5, 5 × 10^n) on a linear scale
 * or powers of ten on a log scale. A log axis keeps a free local model and a frontier model on one chart,
 * three orders of magnitude apart; zero, which a log scale cannot show, gets its own slot at the start.
 */
final class Axis {
    private final double pixelStart;
    private final double pixelEnd;
    private final boolean log;
    private final double min;
    private final double max;
    private final List<Double> ticks;

    private Axis(double pixelStart, double pixelEnd, boolean log, double min, double max, List<Double> ticks) {
        this.pixelStart = pixelStart;
        this.pixelEnd = pixelEnd;
        this.log = log;
        this.min = min;
        this.max = max;
        this.ticks = ticks;
    }

    /** A linear axis from 0 to a nice value at or above {@code dataMax}, with about {@code tickCount} ticks. */
    static Axis linear(double dataMax, int tickCount, double pixelStart, double pixelEnd) {
        double top = dataMax > 0 ? dataMax : 1;
        double step = niceStep(top / tickCount);
        double max = Math.ceil(top / step - 1e-9) * step;
        List<Double> ticks = new ArrayList<>();
        for (int i = 0; i * step <= max + step / 2; i++) {
            ticks.add(i * step);
        }
        return new Axis(pixelStart, pixelEnd, false, 0, max, ticks);
    }

    /** A fixed linear domain with evenly spaced ticks, for shares and scores. */
    static Axis fixed(double min, double max, double step, double pixelStart, double pixelEnd) {
        List<Double> ticks = new ArrayList<>();
        for (double v = min; v <= max + step / 2; v += step) {
            ticks.add(v);
        }
        return new Axis(pixelStart, pixelEnd, false, min, max, ticks);
    }

    /**
     * Log scale when the largest positive value is over 20 times the smallest, else linear from zero.
     */
    static Axis auto(List<Double> values, int tickCount, double pixelStart, double pixelEnd) {
        double maxValue = values.stream().mapToDouble(Double::doubleValue).max().orElse(0);
        double minPositive = values.stream()
                .mapToDouble(Double::doubleValue)
                .filter(v -> v > 0)
                .min()
                .orElse(0);
        if (minPositive <= 0 || maxValue / minPositive <= 20) {
            return linear(maxValue, tickCount, pixelStart, pixelEnd);
        }
        int lowExponent = (int) Math.floor(Math.log10(minPositive));
        int highExponent = (int) Math.ceil(Math.log10(maxValue));
        List<Double> ticks = new ArrayList<>();
        if (values.stream().anyMatch(v -> v <= 0)) {
            ticks.add(0.0);
        }
        for (int exponent = lowExponent; exponent <= highExponent; exponent++) {
            ticks.add(Math.pow(10, exponent));
        }
        return new Axis(pixelStart, pixelEnd, true, Math.pow(10, lowExponent), Math.pow(10, highExponent), ticks);
    }

    static double niceStep(double raw) {
        double magnitude = Math.pow(10, Math.floor(Math.log10(raw)));
        double fraction = raw / magnitude;
        double nice = fraction <= 1 ? 1 : fraction <= 2 ? 2 : fraction <= 2.5 ? 2.5 : fraction <= 5 ? 5 : 10;
        return nice * magnitude;
    }

    /** The pixel position of {@code value}. */
    double map(double value) {
        double span = pixelEnd - pixelStart;
        if (!log) {
            return pixelStart + (value - min) / (max - min) * span;
        }
        double zeroSlot = 0.1 * span; // zero sits at the start, before the first power of ten
        if (value <= 0) {
            return pixelStart;
        }
        double fraction = (Math.log10(value) - Math.log10(min)) / (Math.log10(max) - Math.log10(min));
        return pixelStart + zeroSlot + fraction * (span - zeroSlot);
    }

    List<Double> ticks() {
        return ticks;
    }

    boolean isLog() {
        return log;
    }

    double max() {
        return max;
    }
}
