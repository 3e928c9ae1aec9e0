package dev.routeplane.platform.internal;

import dev.routeplane.platform.internal.RegistryRecord.ConfigRecord;
import dev.routeplane.platform.internal.RegistryRecord.SchemaRecord;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.apache.avro.Schema;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The registry's in-memory view, built only by applying log records in log order, so every server reading
 * the same topic holds the same state. Thread-safe: one thread applies, request threads read.
 */
public final class RegistryState {
    private static final Logger LOG = LoggerFactory.getLogger(RegistryState.class);

    private final Map<Integer, Stored> byId = new HashMap<>();
    private final Map<String, Integer> idByCanonical = new HashMap<>();
    private final Map<String, TreeMap<Integer, Integer>> subjects = new TreeMap<>();
    private final Map<String, CompatibilityLevel> subjectLevels = new HashMap<>();
    private CompatibilityLevel globalLevel = CompatibilityLevel.BACKWARD;
    private int maxId;

    /** A registered schema. */
    public record Stored(int id, String canonical, Schema schema) {}

    /** One version of a subject. */
    public record SubjectVersion(String subject, int version, int id, String schema) {}

    /**
     * Applies one record. A schema record that contradicts what earlier records established (its id bound to
     * another schema, its subject version already taken, its schema already in the subject) is ignored, so
     * the first writer wins the same way on every replay.
     *
     * @return whether the record changed or confirmed the state
     */
    public synchronized boolean apply(RegistryRecord record) {
        if (record instanceof ConfigRecord config) {
            if (config.subject() == null) {
                globalLevel = config.level();
            } else {
                subjectLevels.put(config.subject(), config.level());
            }
            return true;
        }
        SchemaRecord schema = (SchemaRecord) record;
        AvroSchemas.Parsed parsed;
        try {
            parsed = AvroSchemas.parse(schema.schema());
        } catch (RegistryException e) {
            LOG.warn("Ignoring unparseable schema id {} in the registry log: {}", schema.id(), e.getMessage());
            return false;
        }
        Stored atId = byId.get(schema.id());
        Integer idOfSchema = idByCanonical.get(parsed.canonical());
        TreeMap<Integer, Integer> versions = subjects.getOrDefault(schema.subject(), new TreeMap<>());
        Integer idAtVersion = versions.get(schema.version());
        if (idAtVersion != null && idAtVersion == schema.id()) {
            return true; // the same record again
        }
        if ((atId != null && !atId.canonical().equals(parsed.canonical()))
                || (idOfSchema != null && idOfSchema != schema.id())
                || idAtVersion != null
                || versions.containsValue(schema.id())) {
            LOG.warn(
                    "Ignoring registry record {} version {} id {}: it conflicts with an earlier record",
                    schema.subject(),
                    schema.version(),
                    schema.id());
            return false;
        }
        byId.put(schema.id(), new Stored(schema.id(), parsed.canonical(), parsed.schema()));
        idByCanonical.put(parsed.canonical(), schema.id());
        versions.put(schema.version(), schema.id());
        subjects.put(schema.subject(), versions);
        maxId = Math.max(maxId, schema.id());
        return true;
    }

    public synchronized Optional<Stored> schemaById(int id) {
        return Optional.ofNullable(byId.get(id));
    }

    public synchronized Optional<Integer> idOf(String canonical) {
        return Optional.ofNullable(idByCanonical.get(canonical));
    }

    public synchronized int maxId() {
        return maxId;
    }

    public synchronized List<String> subjects() {
        return List.copyOf(subjects.keySet());
    }

    /** The subject's versions, oldest first; empty when the subject is unknown. */
    public synchronized List<SubjectVersion> versions(String subject) {
        TreeMap<Integer, Integer> versions = subjects.get(subject);
        if (versions == null) {
            return List.of();
        }
        List<SubjectVersion> result = new ArrayList<>(versions.size());
        versions.forEach((version, id) ->
                result.add(new SubjectVersion(subject, version, id, byId.get(id).canonical())));
        return result;
    }

    /** Every (subject, version) registered with schema {@code id}, subjects in name order. */
    public synchronized List<SubjectVersion> usesOf(int id) {
        List<SubjectVersion> result = new ArrayList<>();
        subjects.forEach((subject, versions) -> versions.forEach((version, versionId) -> {
            if (versionId == id) {
                result.add(new SubjectVersion(subject, version, id, byId.get(id).canonical()));
            }
        }));
        return result;
    }

    public synchronized CompatibilityLevel globalLevel() {
        return globalLevel;
    }

    public synchronized Optional<CompatibilityLevel> subjectLevel(String subject) {
        return Optional.ofNullable(subjectLevels.get(subject));
    }

    /** The subject's own level, else the global one. */
    public synchronized CompatibilityLevel effectiveLevel(String subject) {
        return subjectLevels.getOrDefault(subject, globalLevel);
    }
}
