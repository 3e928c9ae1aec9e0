package dev.routeplane.router.internal;

import dev.routeplane.router.BudgetState;
import dev.routeplane.router.BudgetStore;
import dev.routeplane.router.Reservation;
import org.apache.kafka.streams.state.KeyValueStore;

/** {@link BudgetStore} over the task's two Kafka Streams stores. */
public final class KeyValueBudgetStore implements BudgetStore {
    private final KeyValueStore<String, BudgetState> states;
    private final KeyValueStore<String, Reservation> reservations;

    public KeyValueBudgetStore(
            KeyValueStore<String, BudgetState> states, KeyValueStore<String, Reservation> reservations) {
        this.states = states;
        this.reservations = reservations;
    }

    @Override
    public BudgetState state(String tenantId) {
        return states.get(tenantId);
    }

    @Override
    public void putState(String tenantId, BudgetState state) {
        states.put(tenantId, state);
    }

    @Override
    public Reservation reservation(String key, boolean remove) {
        return remove ? reservations.delete(key) : reservations.get(key);
    }

    @Override
    public void putReservation(String key, Reservation reservation) {
        reservations.put(key, reservation);
    }
}
