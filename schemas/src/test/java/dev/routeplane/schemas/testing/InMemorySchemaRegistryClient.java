package dev.routeplane.schemas.testing;

import dev.routeplane.schemas.RegisteredSchema;
import dev.routeplane.schemas.SchemaRegistryClient;
import dev.routeplane.schemas.SchemaRegistryException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.avro.Schema;
import org.apache.avro.SchemaCompatibility;

/**
 * A registry held in memory for unit tests (for example with {@code TopologyTestDriver}), behaving like
 * Confluent's for the calls Routeplane makes: global ids starting at {@code firstId}, the same id for the
 * same schema in any subject, BACKWARD compatibility on register, and Confluent error codes on failure.
 * Thread-safe. {@link #unavailable(boolean)} simulates an unreachable registry.
 */
public final class InMemorySchemaRegistryClient implements SchemaRegistryClient {
    private final Map<Integer, Schema> byId = new LinkedHashMap<>();
    private final Map<Schema, Integer> idBySchema = new LinkedHashMap<>();
    private final Map<String, List<Integer>> versionsBySubject = new LinkedHashMap<>();
    private int nextId;
    private volatile boolean unavailable;

    public InMemorySchemaRegistryClient() {
        this(1);
    }

    public InMemorySchemaRegistryClient(int firstId) {
        this.nextId = firstId;
    }

    /** While true, every call fails as if the registry could not be reached. */
    public InMemorySchemaRegistryClient unavailable(boolean unavailable) {
        this.unavailable = unavailable;
        return this;
    }

    @Override
    public synchronized int register(String subject, Schema schema) {
        checkAvailable();
        List<Integer> versions = versionsBySubject.computeIfAbsent(subject, s -> new ArrayList<>());
        Integer existing = idBySchema.get(schema);
        if (existing != null && versions.contains(existing)) {
            return existing;
        }
        if (!versions.isEmpty()) {
            Schema latest = byId.get(versions.get(versions.size() - 1));
            if (SchemaCompatibility.checkReaderWriterCompatibility(schema, latest)
                            .getType()
                    != SchemaCompatibility.SchemaCompatibilityType.COMPATIBLE) {
                throw new SchemaRegistryException(
                        409,
                        SchemaRegistryException.INCOMPATIBLE_SCHEMA,
                        "Schema being registered is incompatible with an earlier schema for subject \"" + subject
                                + "\"");
            }
        }
        int id = existing != null ? existing : nextId++;
        byId.put(id, schema);
        idBySchema.put(schema, id);
        versions.add(id);
        return id;
    }

    /** Registers a schema under an explicit id, e.g. to reproduce a hand-computed wire-format vector. */
    public synchronized void registerWithId(String subject, Schema schema, int id) {
        byId.put(id, schema);
        idBySchema.put(schema, id);
        versionsBySubject.computeIfAbsent(subject, s -> new ArrayList<>()).add(id);
        nextId = Math.max(nextId, id + 1);
    }

    @Override
    public synchronized Schema schemaById(int id) {
        checkAvailable();
        Schema schema = byId.get(id);
        if (schema == null) {
            throw new SchemaRegistryException(
                    404, SchemaRegistryException.SCHEMA_NOT_FOUND, "Schema " + id + " not found");
        }
        return schema;
    }

    @Override
    public synchronized RegisteredSchema latest(String subject) {
        List<Integer> versions = versions(subject);
        int id = versions.get(versions.size() - 1);
        return new RegisteredSchema(subject, versions.size(), id, byId.get(id));
    }

    @Override
    public synchronized RegisteredSchema lookup(String subject, Schema schema) {
        List<Integer> versions = versions(subject);
        Integer id = idBySchema.get(schema);
        if (id == null || !versions.contains(id)) {
            throw new SchemaRegistryException(404, SchemaRegistryException.SCHEMA_NOT_FOUND, "Schema not found");
        }
        return new RegisteredSchema(subject, versions.indexOf(id) + 1, id, schema);
    }

    @Override
    public synchronized boolean testCompatibility(String subject, Schema schema) {
        checkAvailable();
        List<Integer> versions = versionsBySubject.getOrDefault(subject, List.of());
        return versions.isEmpty()
                || SchemaCompatibility.checkReaderWriterCompatibility(
                                        schema, byId.get(versions.get(versions.size() - 1)))
                                .getType()
                        == SchemaCompatibility.SchemaCompatibilityType.COMPATIBLE;
    }

    @Override
    public synchronized List<String> subjects() {
        checkAvailable();
        return List.copyOf(versionsBySubject.keySet());
    }

    private List<Integer> versions(String subject) {
        checkAvailable();
        List<Integer> versions = versionsBySubject.get(subject);
        if (versions == null || versions.isEmpty()) {
            throw new SchemaRegistryException(
                    404, SchemaRegistryException.SUBJECT_NOT_FOUND, "Subject '" + subject + "' not found.");
        }
        return versions;
    }

    private void checkAvailable() {
        if (unavailable) {
            throw new SchemaRegistryException(
                    SchemaRegistryException.NO_RESPONSE,
                    SchemaRegistryException.NO_RESPONSE,
                    "Schema registry unreachable (simulated)");
        }
    }
}
