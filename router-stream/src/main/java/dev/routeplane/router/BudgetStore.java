package dev.routeplane.router;

/**
 * Where {@link BudgetLedger} keeps its state. In the topology this is a pair of Kafka Streams key-value stores
 * owned by the task of the tenant's partition, so all calls for one tenant come from one thread; tests use maps.
 */
public interface BudgetStore {

    /** The tenant's state, or null if it never had one. */
    BudgetState state(String tenantId);

    void putState(String tenantId, BudgetState state);

    /** The reservation under {@code key}, or null. Removes it when {@code remove} is true. */
    Reservation reservation(String key, boolean remove);

    void putReservation(String key, Reservation reservation);
}
