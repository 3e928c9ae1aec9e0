package dev.routeplane.http.internal;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.eclipse.jetty.http.HttpException;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.thread.Scheduler;

/**
 * Bounds a request's whole life, headers to last byte: when the limit passes first, the request's body
 * source is failed (a handler blocked reading it wakes up) and its callback fails with 408, which Jetty
 * answers if nothing was sent yet and otherwise turns into a closed connection. Jetty has per-read and idle
 * timeouts but no such overall bound.
 */
public final class RequestTimeoutHandler extends Handler.Wrapper {
    private final Duration timeout;

    public RequestTimeoutHandler(Handler handler, Duration timeout) {
        super(handler);
        this.timeout = timeout;
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) throws Exception {
        AtomicBoolean finished = new AtomicBoolean();
        Scheduler.Task expiry = request.getComponents()
                .getScheduler()
                .schedule(() -> expire(request, callback, finished), timeout.toMillis(), TimeUnit.MILLISECONDS);
        Callback guarded = Callback.from(
                () -> {
                    if (finished.compareAndSet(false, true)) {
                        expiry.cancel();
                        callback.succeeded();
                    }
                },
                failure -> {
                    if (finished.compareAndSet(false, true)) {
                        expiry.cancel();
                        callback.failed(failure);
                    }
                });
        boolean handled;
        try {
            handled = super.handle(request, response, guarded);
        } catch (Throwable t) {
            expiry.cancel();
            throw t;
        }
        if (!handled) {
            expiry.cancel();
        }
        return handled;
    }

    private void expire(Request request, Callback callback, AtomicBoolean finished) {
        if (finished.compareAndSet(false, true)) {
            HttpException.RuntimeException timedOut = new HttpException.RuntimeException(
                    408, "request not completed within " + timeout.toMillis() + " ms");
            request.fail(timedOut);
            callback.failed(timedOut);
        }
    }
}
