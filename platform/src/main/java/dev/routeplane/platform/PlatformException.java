package dev.routeplane.platform;

/**
 * Thrown when the embedded platform (broker, registry) cannot start or stop as asked. The message says
 * what failed, with which input (a port, a directory) and what to try instead.
 */
public class PlatformException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public PlatformException(String message) {
        super(message);
    }

    public PlatformException(String message, Throwable cause) {
        super(message, cause);
    }
}
