package dev.routeplane.bench.e2e;

import dev.routeplane.client.RequestSender;
import dev.routeplane.contract.RouteRequest;
import dev.routeplane.runtime.RouteplaneRuntime;
import java.util.concurrent.atomic.AtomicLong;

/** The ramp's submitter: the client module's producer path, counting what the broker acknowledged and what failed. */
final class RampSender implements AutoCloseable {
    private final RequestSender sender;
    private final AtomicLong acked = new AtomicLong();
    private final AtomicLong failed = new AtomicLong();

    RampSender(RouteplaneRuntime runtime) {
        this.sender = new RequestSender(runtime.clientProperties(), runtime.topics(), runtime.serdes(), "bench-e2e");
    }

    void send(RouteRequest request) {
        sender.send(request).whenComplete((ok, error) -> (error == null ? acked : failed).incrementAndGet());
    }

    long acked() {
        return acked.get();
    }

    long failed() {
        return failed.get();
    }

    void flush() {
        sender.flush();
    }

    @Override
    public void close() {
        sender.close();
    }
}
