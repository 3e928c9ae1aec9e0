package dev.routeplane.platform.internal;

import java.util.ArrayList;
import java.util.List;
import org.apache.avro.Schema;
import org.apache.avro.SchemaCompatibility;
import org.apache.avro.SchemaCompatibility.Incompatibility;
import org.apache.avro.SchemaCompatibility.SchemaCompatibilityType;

/** Checks a candidate schema against earlier versions with Avro's own reader/writer rules. Stateless. */
public final class CompatibilityChecker {
    private CompatibilityChecker() {}

    /**
     * @param candidate the schema being registered or tested
     * @param earlier   earlier versions of the subject, oldest first, each with its version number
     * @return one message per incompatibility found; empty when compatible under {@code level}
     */
    public static List<String> check(CompatibilityLevel level, Schema candidate, List<Versioned> earlier) {
        if (level == CompatibilityLevel.NONE || earlier.isEmpty()) {
            return List.of();
        }
        List<Versioned> against = level.transitive() ? earlier : List.of(earlier.get(earlier.size() - 1));
        List<String> messages = new ArrayList<>();
        for (Versioned old : against) {
            if (level.newReadsOld()) {
                collect(
                        messages,
                        candidate,
                        old.schema(),
                        "the new schema cannot read data written with version " + old.version() + " (" + level + ")");
            }
            if (level.oldReadsNew()) {
                collect(
                        messages,
                        old.schema(),
                        candidate,
                        "version " + old.version() + " cannot read data written with the new schema (" + level + ")");
            }
        }
        return messages;
    }

    private static void collect(List<String> messages, Schema reader, Schema writer, String context) {
        SchemaCompatibility.SchemaPairCompatibility result =
                SchemaCompatibility.checkReaderWriterCompatibility(reader, writer);
        if (result.getType() == SchemaCompatibilityType.COMPATIBLE) {
            return;
        }
        for (Incompatibility incompatibility : result.getResult().getIncompatibilities()) {
            messages.add(context + ": " + incompatibility.getType() + " at '" + incompatibility.getLocation() + "': "
                    + incompatibility.getMessage());
        }
    }

    /** An earlier schema of a subject with its version number. */
    public record Versioned(int version, Schema schema) {}
}
