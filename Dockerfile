# The one image every Routeplane service runs (docker-compose.yml picks the subcommand).
# Docker does not run on the machines Routeplane is built on; see the note at the top of docker-compose.yml.

# --- build: the same Maven command the ./routeplane launcher uses ---
FROM maven:3.9-eclipse-temurin-17 AS build
WORKDIR /src
# The whole tree: -pl cli -am needs every module the root pom lists, not only cli's dependencies.
COPY . .
# BuildKit cache mount: dependencies are downloaded once, not on every source change.
RUN --mount=type=cache,target=/root/.m2 mvn -B -q -DskipTests package -pl cli -am

# --- runtime: a JRE, the jar and its lib/ directory (the jar's manifest classpath is lib/*.jar) ---
FROM eclipse-temurin:17-jre
RUN groupadd --system routeplane && useradd --system --gid routeplane --home-dir /opt/routeplane routeplane
WORKDIR /opt/routeplane
COPY --from=build /src/cli/target/lib/ lib/
COPY --from=build /src/cli/target/routeplane.jar routeplane.jar
USER routeplane
# API 8080, ledger 8083, simulator 8089, metrics 9401-9406; compose decides which a service uses.
EXPOSE 8080 8083 8089 9401 9402 9403 9404 9405 9406
# Container-aware heap sizing; override with JAVA_TOOL_OPTIONS.
ENTRYPOINT ["java", "-XX:MaxRAMPercentage=75", "-jar", "/opt/routeplane/routeplane.jar"]
CMD ["--help"]
