package dev.routeplane.platform.internal;

/**
 * The durable, ordered log behind a {@link RegistryState}. Implementations apply every record they read, in
 * log order, to the state they were given; writers learn the outcome by reading the state afterwards.
 */
public interface SchemaLog extends AutoCloseable {

    /** Blocks until every record written to the log before this call has been applied to the state. */
    void catchUp();

    /** Writes {@code record} durably and blocks until it has been read back and applied (or ignored). */
    void append(RegistryRecord record);

    @Override
    void close();
}
