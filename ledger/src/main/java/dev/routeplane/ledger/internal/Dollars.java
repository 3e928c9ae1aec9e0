package dev.routeplane.ledger.internal;

import java.math.BigDecimal;

/** Micro-dollars as a plain decimal dollar string with exactly six places ({@code 1234567 → "1.234567"}). */
public final class Dollars {
    private Dollars() {}

    public static String of(long micros) {
        return BigDecimal.valueOf(micros).movePointLeft(6).setScale(6).toPlainString();
    }
}
