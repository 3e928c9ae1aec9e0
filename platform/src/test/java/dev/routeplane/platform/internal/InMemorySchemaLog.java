package dev.routeplane.platform.internal;

import java.util.ArrayList;
import java.util.List;

/** A {@link SchemaLog} that applies appends at once, keeping them for inspection. */
final class InMemorySchemaLog implements SchemaLog {
    final List<RegistryRecord> records = new ArrayList<>();
    private final RegistryState state;

    InMemorySchemaLog(RegistryState state) {
        this.state = state;
    }

    @Override
    public void catchUp() {}

    @Override
    public synchronized void append(RegistryRecord record) {
        records.add(record);
        state.apply(record);
    }

    @Override
    public void close() {}
}
