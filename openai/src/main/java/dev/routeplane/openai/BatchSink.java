package dev.routeplane.openai;

import dev.routeplane.contract.RouteRequest;

/**
 * Receives a batch file's lines as {@link BatchInputParser} reads them, in file order, so the caller can
 * produce each request to Kafka while the rest of the file is still being read.
 *
 * <p>Called on the parsing thread; an exception thrown here stops parsing and propagates to the caller.
 */
public interface BatchSink {

    /** A line that became a request. */
    void accept(long lineNumber, RouteRequest request);

    /** A line that was refused; parsing continues with the next line. */
    void reject(BatchLineError error);
}
