package dev.routeplane.config.internal;

/** Builds the dotted paths used in error messages, e.g. {@code tenants.acme.allowedProviders[2]}. */
final class Paths {
    private Paths() {}

    static String key(String parent, String key) {
        return parent.isEmpty() ? key : parent + "." + key;
    }

    static String index(String parent, int index) {
        return parent + "[" + index + "]";
    }
}
