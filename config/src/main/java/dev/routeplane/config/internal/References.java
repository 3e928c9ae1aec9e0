package dev.routeplane.config.internal;

import java.util.Collection;
import java.util.Set;
import java.util.TreeSet;

/** Checks that a name refers to something the file declares, with a hint and the sorted list of choices. */
final class References {
    private References() {}

    /** True if {@code name} is in {@code declared}; otherwise reports "unknown <what> '<name>'; ...". */
    static boolean check(String name, Collection<String> declared, String what, String path, Problems problems) {
        return check(name, declared, what, what + "s", path, problems);
    }

    /** As {@link #check(String, Collection, String, String, Problems)}, for a noun with an irregular plural. */
    static boolean check(
            String name, Collection<String> declared, String what, String whatPlural, String path, Problems problems) {
        if (declared.contains(name)) {
            return true;
        }
        Set<String> sorted = new TreeSet<>(declared);
        String choices =
                sorted.isEmpty() ? " none are declared" : " known " + whatPlural + ": " + String.join(", ", sorted);
        problems.add(path, "unknown " + what + " '" + name + "';" + Suggest.hint(name, sorted) + choices);
        return false;
    }
}
