# syntax=docker/dockerfile:1
#
# One image per runnable module, from this one file:
#
#   docker build --build-arg MODULE=ingest-service --build-arg PORT=8080 -t hibob-docebo-sync/ingest-service .
#   docker build --build-arg MODULE=hibob-simulator --build-arg JAR=hibob-simulator-exec.jar --build-arg PORT=8090 .
#
# docker-compose.yml builds every module it runs this way. Needs BuildKit (Docker 23+ uses it by default).

# --- 1. Build ----------------------------------------------------------------------------------------------
# This stage does not read MODULE: the images docker-compose.yml builds share it, so Maven runs once for all
# of them. BUILD_MODULES narrows it (e.g. --build-arg BUILD_MODULES=ingest-service for a single image).
FROM maven:3.9-eclipse-temurin-17 AS build
ARG BUILD_MODULES=ingest-service,enrich-service,docebo-writer-service,notifier-service,hibob-simulator,docebo-simulator,mail-catcher
WORKDIR /workspace
COPY . .
# The local repository lives in a BuildKit cache, kept between builds; `locked` keeps concurrent builds from
# writing to it at once. Tests run in CI (mvn -B verify), not here.
RUN --mount=type=cache,id=hibob-docebo-sync-m2,target=/root/.m2,sharing=locked \
    mvn -B -ntp -Dmaven.test.skip=true -pl "${BUILD_MODULES}" -am package

# --- 2. Split the Spring Boot jar into layers, least changing first ----------------------------------------
FROM eclipse-temurin:17-jre AS extract
# The module to package; its jar is <module>/target/<JAR>. The simulators' runnable jar is <module>-exec.jar.
ARG MODULE
ARG JAR=${MODULE}.jar
RUN test -n "${MODULE}" || { echo "Give the module to package: --build-arg MODULE=<module>" >&2; exit 1; }
WORKDIR /workspace
COPY --from=build /workspace/${MODULE}/target/${JAR} application.jar
RUN java -Djarmode=tools -jar application.jar extract --layers --launcher --destination /extracted

# --- 3. Run --------------------------------------------------------------------------------------------------
FROM eclipse-temurin:17-jre
ARG MODULE
# The module's HTTP port (its SERVER_PORT default). The four services answer /readyz there (their actuator is
# on MANAGEMENT_SERVER_PORT); the simulators and the mail catcher answer /actuator/health.
ARG PORT=8080
LABEL org.opencontainers.image.title="${MODULE}" \
      org.opencontainers.image.description="HiBob to Docebo user sync: ${MODULE}"
# curl for the health checks (the base image has it today; install it if a future one does not), and a user
# of our own: the services never need root.
RUN set -eu; \
    if ! command -v curl > /dev/null; then \
        apt-get update && apt-get install -y --no-install-recommends curl && rm -rf /var/lib/apt/lists/*; \
    fi; \
    useradd --system --uid 10001 --user-group --no-create-home --home-dir /nonexistent --shell /usr/sbin/nologin sync
WORKDIR /app
COPY --from=extract /extracted/dependencies/ ./
COPY --from=extract /extracted/spring-boot-loader/ ./
COPY --from=extract /extracted/snapshot-dependencies/ ./
COPY --from=extract /extracted/application/ ./
USER 10001
ENV SERVER_PORT=${PORT}
EXPOSE ${PORT}
HEALTHCHECK --interval=10s --timeout=5s --start-period=60s --retries=5 \
    CMD curl -fsS -o /dev/null "http://localhost:${SERVER_PORT}/readyz" \
        || curl -fsS -o /dev/null "http://localhost:${SERVER_PORT}/actuator/health" || exit 1
# The heap follows the container's memory limit (mem_limit in docker-compose.yml).
ENTRYPOINT ["java", "-XX:MaxRAMPercentage=75", "org.springframework.boot.loader.launch.JarLauncher"]
