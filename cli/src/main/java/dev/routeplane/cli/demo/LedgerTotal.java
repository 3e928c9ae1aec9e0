package dev.routeplane.cli.demo;

import dev.routeplane.ledger.LedgerQueries;
import java.time.Clock;
import java.time.Instant;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.Collection;
import java.util.List;

/** What the ledger has billed across tenants for the months a run touched, read through its queries. */
final class LedgerTotal {

    private final LedgerQueries queries;
    private final List<String> tenants;
    private final YearMonth first;
    private final Clock clock;

    LedgerTotal(LedgerQueries queries, Collection<String> tenants, Instant runStarted, Clock clock) {
        this.queries = queries;
        this.tenants = List.copyOf(tenants);
        this.first = YearMonth.from(runStarted.atZone(ZoneOffset.UTC));
        this.clock = clock;
    }

    long costMicros() {
        YearMonth last = YearMonth.from(clock.instant().atZone(ZoneOffset.UTC));
        long total = 0;
        for (String tenant : tenants) {
            for (YearMonth month = first; !month.isAfter(last); month = month.plusMonths(1)) {
                total += queries.usage(tenant, month).total().costMicros();
            }
        }
        return total;
    }
}
