package dev.routeplane.cli.chaos;

import dev.routeplane.schemas.Money;

/**
 * The outcome of a chaos run, as its last line states it.
 *
 * @param requests          records submitted that must end in one terminal outcome (bad ones included)
 * @param terminal          of those, how many have at least one
 * @param duplicates        of those, how many have more than one
 * @param ledgerMicros      what the ledger billed, all tenants
 * @param invoiceMicros     what the simulated providers invoiced
 * @param overshootMicros   billed spend above budget, summed over tenants
 * @param policyViolations  calls that reached a provider their request's policy excludes (or no request accounts for)
 * @param kills             SIGKILLs of services
 * @param brokerRestarts    broker restarts
 */
record ChaosReport(
        long requests,
        long terminal,
        long duplicates,
        long ledgerMicros,
        long invoiceMicros,
        long overshootMicros,
        long policyViolations,
        long kills,
        long brokerRestarts) {

    long lost() {
        return requests - terminal;
    }

    /** The targets of the issue: nothing lost or doubled, ledger = invoice, no overshoot or violation. */
    boolean holds(long minKills, long minBrokerRestarts) {
        return lost() == 0
                && duplicates == 0
                && ledgerMicros == invoiceMicros
                && overshootMicros == 0
                && policyViolations == 0
                && kills >= minKills
                && brokerRestarts >= minBrokerRestarts;
    }

    String line() {
        return "chaos: " + requests + " requests, " + terminal + " terminal, " + lost() + " lost, " + duplicates
                + " duplicate terminals; ledger " + Money.format(ledgerMicros)
                + (ledgerMicros == invoiceMicros ? " = " : " != ") + "invoice " + Money.format(invoiceMicros)
                + "; budget overshoot " + Money.format(overshootMicros) + "; policy violations " + policyViolations
                + "; kills " + kills + ", broker restarts " + brokerRestarts;
    }
}
