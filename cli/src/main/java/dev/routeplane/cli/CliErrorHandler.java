package dev.routeplane.cli;

import picocli.CommandLine;

/**
 * Turns an exception escaping a command into one clear line on stderr and exit code 1; the stack trace
 * is printed only with {@code ROUTEPLANE_DEBUG=1}, since users need the message, not the internals.
 */
final class CliErrorHandler implements CommandLine.IExecutionExceptionHandler {
    @Override
    public int handleExecutionException(Exception ex, CommandLine commandLine, CommandLine.ParseResult parseResult) {
        commandLine.getErr().println(commandLine.getCommandSpec().qualifiedName() + ": " + describe(ex));
        if ("1".equals(System.getenv("ROUTEPLANE_DEBUG"))) {
            ex.printStackTrace(commandLine.getErr());
        }
        return 1;
    }

    private static String describe(Throwable ex) {
        StringBuilder message = new StringBuilder(
                ex.getMessage() != null
                        ? ex.getMessage()
                        : ex.getClass().getSimpleName()
                                + " (an internal error; rerun with ROUTEPLANE_DEBUG=1 for the stack trace)");
        Throwable cause = ex.getCause();
        while (cause != null && cause != ex) {
            if (cause.getMessage() != null && !message.toString().contains(cause.getMessage())) {
                message.append(": ").append(cause.getMessage());
            }
            ex = cause;
            cause = cause.getCause();
        }
        return message.toString();
    }
}
