package dev.routeplane.cli.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.routeplane.cli.process.ServiceProcess;
import dev.routeplane.platform.LocalPorts;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * docker-compose.yml's Routeplane services as processes on one host, each with exactly its compose command line and
 * only what a container would see mapped to this host: a {@code host:port} another service is reached at becomes
 * {@code 127.0.0.1:<free port>} (the broker and the registry: where the test runs them), a port a service listens
 * on becomes that free port, a path inside the container becomes the mounted file or secret it is, or a path in the
 * process's own directory (its container filesystem); {@code ${VAR}}s are interpolated from the given environment,
 * as Compose does. A service with {@code deploy.replicas} runs that many processes, each with its own ports.
 */
final class ComposeOnOneHost {
    /** The services that are Routeplane commands (built from the root Dockerfile), in compose's start order. */
    static final List<String> ROUTEPLANE_SERVICES =
            List.of("simulator", "router", "learner", "executors", "ledger", "api");

    private static final Pattern READY = Pattern.compile("running against Kafka|Press Ctrl-C to stop");
    private static final Set<String> PORT_OPTIONS = Set.of("--port", "--metrics-port");

    private final Path root;
    private final JsonNode compose;
    private final Function<String, String> environment;
    private final Map<String, String> addresses = new HashMap<>();
    private final Map<String, Integer> ports = new HashMap<>();

    /**
     * @param environment the variables Compose interpolates from (null for unset)
     * @param external    addresses of services not run here, compose {@code host:port} to this host's, e.g.
     *                    {@code kafka:9092} to the test's broker
     */
    ComposeOnOneHost(Path root, Function<String, String> environment, Map<String, String> external) throws IOException {
        this.root = root;
        this.compose = ComposeFile.read(root.resolve("docker-compose.yml"));
        this.environment = environment;
        this.addresses.putAll(external);
    }

    /** One process of a service: its name ({@code executors-2} for a replica), spec and the ports it listens on. */
    record Instance(String service, String name, ServiceProcess.Spec spec, Map<Integer, Integer> ports) {
        /** The host port of the compose port {@code containerPort} (e.g. its {@code --metrics-port}). */
        int port(int containerPort) {
            Integer port = ports.get(containerPort);
            if (port == null) {
                throw new IllegalArgumentException(name + " listens on no compose port " + containerPort);
            }
            return port;
        }
    }

    /** Every process of the Routeplane services, ports chosen, in start order; logs and directories under {@code dir}. */
    List<Instance> instances(Path dir, List<String> jvmOptions) throws IOException {
        // First every listening port of every process, so addresses resolve whatever the start order.
        Map<String, Map<Integer, Integer>> portsByInstance = new LinkedHashMap<>();
        for (String service : ROUTEPLANE_SERVICES) {
            for (String name : names(service)) {
                Map<Integer, Integer> listening = new LinkedHashMap<>();
                List<String> command = ComposeFile.strings(compose.at("/services/" + service + "/command"));
                for (int i = 0; i + 1 < command.size(); i++) {
                    if (PORT_OPTIONS.contains(command.get(i))) {
                        int containerPort = Integer.parseInt(command.get(i + 1));
                        int hostPort = LocalPorts.freePort();
                        listening.put(containerPort, hostPort);
                        // Replicas share a name in Docker's DNS; the first one answers for it here.
                        addresses.putIfAbsent(service + ":" + containerPort, "127.0.0.1:" + hostPort);
                    }
                }
                portsByInstance.put(name, listening);
            }
        }
        List<Instance> instances = new ArrayList<>();
        for (String service : ROUTEPLANE_SERVICES) {
            for (String name : names(service)) {
                Path workDir = dir.resolve(name);
                Map<Integer, Integer> listening = portsByInstance.get(name);
                ServiceProcess.Spec spec = new ServiceProcess.Spec(
                        name,
                        args(service, listening, workDir),
                        READY,
                        jvmOptions,
                        env(service),
                        dir.resolve(name + ".log"),
                        workDir);
                instances.add(new Instance(service, name, spec, listening));
            }
        }
        return instances;
    }

    /** The service's command with addresses, ports and container paths mapped; nothing else changes. */
    List<String> args(String service, Map<Integer, Integer> listening, Path workDir) {
        List<String> command = ComposeFile.strings(compose.at("/services/" + service + "/command"));
        List<String> args = new ArrayList<>(command.size());
        for (int i = 0; i < command.size(); i++) {
            String arg = command.get(i);
            if (i > 0 && PORT_OPTIONS.contains(command.get(i - 1))) {
                arg = Integer.toString(listening.get(Integer.parseInt(arg)));
            } else if (arg.startsWith("/")) {
                arg = hostPath(service, arg, workDir).toString();
            } else {
                for (Map.Entry<String, String> address : addresses.entrySet()) {
                    arg = arg.replace(address.getKey(), address.getValue());
                }
            }
            args.add(arg);
        }
        return args;
    }

    /** The service's environment, interpolated. */
    Map<String, String> env(String service) {
        Map<String, String> env = new LinkedHashMap<>();
        compose.at("/services/" + service + "/environment")
                .fields()
                .forEachRemaining(e ->
                        env.put(e.getKey(), ComposeFile.interpolate(e.getValue().asText(), environment)));
        return env;
    }

    /** A path inside the service's container: a bind mount's source, a secret's file, else the container's own disk. */
    private Path hostPath(String service, String containerPath, Path workDir) {
        for (String volume : ComposeFile.strings(compose.at("/services/" + service + "/volumes"))) {
            String[] parts = ComposeFile.interpolate(volume, environment).split(":");
            if (parts.length >= 2 && parts[1].equals(containerPath)) {
                return root.resolve(parts[0]).normalize();
            }
        }
        String secrets = "/run/secrets/";
        if (containerPath.startsWith(secrets)) {
            String secret = containerPath.substring(secrets.length());
            if (!ComposeFile.strings(compose.at("/services/" + service + "/secrets"))
                    .contains(secret)) {
                throw new IllegalStateException(service + " reads secret " + secret + " but does not mount it");
            }
            String file = ComposeFile.interpolate(
                    compose.at("/secrets/" + secret + "/file").asText(), environment);
            return root.resolve(file).normalize();
        }
        return workDir.resolve(containerPath.substring(1));
    }

    private List<String> names(String service) {
        int replicas = compose.at("/services/" + service + "/deploy/replicas").asInt(1);
        if (replicas == 1) {
            return List.of(service);
        }
        List<String> names = new ArrayList<>(replicas);
        for (int i = 1; i <= replicas; i++) {
            names.add(service + "-" + i);
        }
        return names;
    }
}
