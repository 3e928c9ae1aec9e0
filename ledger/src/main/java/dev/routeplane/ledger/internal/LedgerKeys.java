package dev.routeplane.ledger.internal;

import java.time.LocalDate;

/**
 * Store keys designed for range scans. Parts are joined with {@code |}; free-form parts are escaped
 * ({@code %} → {@code %25}, {@code |} → {@code %7C}) so no value can forge a separator and, above all, no
 * tenant's scan can reach another tenant's keys.
 *
 * <ul>
 *   <li>daily usage: {@code tenant|yyyy-MM-dd|provider|model}: a month or a day range of one tenant is one
 *       contiguous range, because ISO dates sort as text;
 *   <li>batch usage: {@code tenant|batchId|provider|model}: one batch is one prefix;
 *   <li>spend: {@code tenant|period}.
 * </ul>
 */
public final class LedgerKeys {
    private LedgerKeys() {}

    /** A key's parts after the prefix, unescaped. */
    public record Parts(String first, String provider, String model) {}

    public static String daily(String tenant, LocalDate day, String provider, String model) {
        return escape(tenant) + '|' + day + '|' + escape(provider) + '|' + escape(model);
    }

    /** Smallest key of the tenant's usage on {@code day}. */
    public static String dailyFrom(String tenant, LocalDate day) {
        return escape(tenant) + '|' + day + '|';
    }

    /**
     * An inclusive upper bound just past every key of the tenant's usage on {@code day}: the empty-suffixed
     * key of the next day, which sorts before every real key of that day and after all of {@code day}'s.
     */
    public static String dailyTo(String tenant, LocalDate day) {
        return dailyFrom(tenant, day.plusDays(1));
    }

    public static String batch(String tenant, String batchId, String provider, String model) {
        return batchPrefix(tenant, batchId) + escape(provider) + '|' + escape(model);
    }

    public static String batchPrefix(String tenant, String batchId) {
        return escape(tenant) + '|' + escape(batchId) + '|';
    }

    public static String spend(String tenant, String period) {
        return escape(tenant) + '|' + period;
    }

    /** Splits a daily or batch key into its day/batch, provider and model parts. */
    public static Parts parse(String key) {
        String[] parts = key.split("\\|", -1);
        if (parts.length != 4) {
            throw new IllegalArgumentException("Not a ledger usage key: '" + key + "'");
        }
        return new Parts(unescape(parts[1]), unescape(parts[2]), unescape(parts[3]));
    }

    static String escape(String part) {
        return part.replace("%", "%25").replace("|", "%7C");
    }

    static String unescape(String part) {
        return part.replace("%7C", "|").replace("%25", "%");
    }
}
