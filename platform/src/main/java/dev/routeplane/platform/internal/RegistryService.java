package dev.routeplane.platform.internal;

import dev.routeplane.platform.internal.AvroSchemas.Parsed;
import dev.routeplane.platform.internal.CompatibilityChecker.Versioned;
import dev.routeplane.platform.internal.RegistryRecord.ConfigRecord;
import dev.routeplane.platform.internal.RegistryRecord.SchemaRecord;
import dev.routeplane.platform.internal.RegistryState.SubjectVersion;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The registry's operations, in Schema Registry terms. Reads answer from the state; writes are serialised
 * by this service, made against a caught-up state and confirmed from the state once the log has applied
 * them. Thread-safe.
 */
public final class RegistryService {
    private static final int WRITE_ATTEMPTS = 3;

    private final RegistryState state;
    private final SchemaLog log;
    private final Object writeLock = new Object();

    public RegistryService(RegistryState state, SchemaLog log) {
        this.state = state;
        this.log = log;
    }

    /** Registers {@code schemaText} under {@code subject}; an identical schema keeps its version and id. */
    public int register(String subject, String schemaText) {
        Parsed parsed = AvroSchemas.parse(schemaText);
        synchronized (writeLock) {
            for (int attempt = 0; attempt < WRITE_ATTEMPTS; attempt++) {
                log.catchUp();
                Optional<SubjectVersion> existing = find(subject, parsed);
                if (existing.isPresent()) {
                    return existing.get().id();
                }
                List<SubjectVersion> versions = state.versions(subject);
                List<String> problems =
                        CompatibilityChecker.check(state.effectiveLevel(subject), parsed.schema(), versioned(versions));
                if (!problems.isEmpty()) {
                    throw RegistryException.incompatible(subject, problems);
                }
                int id = state.idOf(parsed.canonical()).orElse(state.maxId() + 1);
                int version = versions.isEmpty()
                        ? 1
                        : versions.get(versions.size() - 1).version() + 1;
                log.append(new SchemaRecord(subject, version, id, parsed.canonical()));
                Optional<SubjectVersion> written = find(subject, parsed);
                if (written.isPresent()) {
                    return written.get().id();
                }
                // Another registry wrote to the same log first; retry against what it wrote.
            }
        }
        throw RegistryException.storeError("Could not register a schema under subject '" + subject + "' after "
                + WRITE_ATTEMPTS + " attempts: other registry instances kept writing to the same topic.");
    }

    /** The version of {@code subject} holding {@code schemaText}. */
    public SubjectVersion lookup(String subject, String schemaText) {
        Parsed parsed = AvroSchemas.parse(schemaText);
        requireSubject(subject);
        return find(subject, parsed).orElseThrow(RegistryException::schemaNotFound);
    }

    public RegistryState.Stored schemaById(int id) {
        return state.schemaById(id).orElseThrow(() -> RegistryException.schemaNotFound(id));
    }

    public List<SubjectVersion> usesOf(int id) {
        schemaById(id);
        return state.usesOf(id);
    }

    public List<String> subjects() {
        return state.subjects();
    }

    /** All versions of a subject, oldest first; never empty. */
    public List<SubjectVersion> versions(String subject) {
        return requireSubject(subject);
    }

    /** @param versionSpec a version number, {@code latest} or {@code -1} */
    public SubjectVersion version(String subject, String versionSpec) {
        int version = parseVersion(versionSpec);
        List<SubjectVersion> versions = requireSubject(subject);
        if (version == -1) {
            return versions.get(versions.size() - 1);
        }
        return versions.stream()
                .filter(v -> v.version() == version)
                .findFirst()
                .orElseThrow(() -> RegistryException.versionNotFound(version));
    }

    /**
     * Problems {@code schemaText} would have under the subject's level: against one version when
     * {@code versionSpec} is given, else against what registration would check. Empty means compatible.
     */
    public List<String> compatibilityProblems(String subject, String versionSpec, String schemaText) {
        Parsed parsed = AvroSchemas.parse(schemaText);
        CompatibilityLevel level = state.effectiveLevel(subject);
        if (versionSpec == null) {
            return CompatibilityChecker.check(level, parsed.schema(), versioned(state.versions(subject)));
        }
        SubjectVersion against = version(subject, versionSpec);
        return CompatibilityChecker.check(level, parsed.schema(), versioned(List.of(against)));
    }

    public CompatibilityLevel globalLevel() {
        return state.globalLevel();
    }

    /** The subject's own level; with {@code defaultToGlobal} the global level when it has none. */
    public CompatibilityLevel subjectLevel(String subject, boolean defaultToGlobal) {
        Optional<CompatibilityLevel> own = state.subjectLevel(subject);
        if (own.isPresent()) {
            return own.get();
        }
        if (defaultToGlobal) {
            return state.globalLevel();
        }
        throw RegistryException.subjectLevelNotFound(subject);
    }

    /** @param subject null for the global level */
    public CompatibilityLevel setLevel(String subject, String levelName) {
        CompatibilityLevel level =
                CompatibilityLevel.parse(levelName).orElseThrow(() -> RegistryException.invalidLevel(levelName));
        synchronized (writeLock) {
            log.append(new ConfigRecord(subject, level));
        }
        return level;
    }

    private Optional<SubjectVersion> find(String subject, Parsed parsed) {
        return state.versions(subject).stream()
                .filter(v -> v.schema().equals(parsed.canonical()))
                .findFirst();
    }

    private List<SubjectVersion> requireSubject(String subject) {
        List<SubjectVersion> versions = state.versions(subject);
        if (versions.isEmpty()) {
            throw RegistryException.subjectNotFound(subject);
        }
        return versions;
    }

    private List<Versioned> versioned(List<SubjectVersion> versions) {
        List<Versioned> result = new ArrayList<>(versions.size());
        for (SubjectVersion v : versions) {
            result.add(new Versioned(
                    v.version(), state.schemaById(v.id()).orElseThrow().schema()));
        }
        return result;
    }

    /** @return the version number, or -1 for latest */
    static int parseVersion(String spec) {
        if (spec.equals("latest") || spec.equals("-1")) {
            return -1;
        }
        try {
            int version = Integer.parseInt(spec);
            if (version >= 1) {
                return version;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw RegistryException.invalidVersion(spec);
    }
}
