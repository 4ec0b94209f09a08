# syntax=docker/dockerfile:1

# ---- build stage ----
FROM eclipse-temurin:25-jdk AS build
WORKDIR /build

# Dependencies first, so they are cached until pom.xml changes.
COPY mvnw pom.xml jvm.options ./
COPY .mvn .mvn
RUN chmod +x mvnw && ./mvnw -B -q dependency:go-offline

COPY src src
# The jar unpacked as Spring Boot lays it out for class-data sharing: the application jar
# and lib/ beside it (the AOT cache below only applies to that form).
RUN ./mvnw -B -q package -DskipTests \
    && java -Djarmode=tools -jar target/latchkey-*.jar extract --destination /build/app \
    && mv /build/app/latchkey-*.jar /build/app/latchkey.jar

# ---- runtime stage ----
FROM eclipse-temurin:25-jre

RUN groupadd --system --gid 10001 latchkey \
    && useradd --system --uid 10001 --gid latchkey --home-dir /app --no-create-home latchkey \
    && mkdir /app && chown latchkey:latchkey /app

WORKDIR /app
COPY --from=build --chown=latchkey:latchkey /build/app /app
COPY --chown=latchkey:latchkey jvm.options /app/jvm.options

USER 10001:10001

# The training run of the JDK's AOT cache (JEP 483/514): the application starts once, on an
# embedded PostgreSQL in a throwaway directory, and exits as soon as its context is ready
# (spring.context.exit=onRefresh), leaving /app/latchkey.aot with the classes it loaded, linked.
# Later starts map that file instead of loading and linking the classes again. That exit halts
# the JVM without its shutdown hooks, so the throwaway PostgreSQL is stopped here. It starts as
# the image will: with the Spring AOT code the build put in the jar (spring.aot.enabled), which
# creates the beans without reading configuration classes or evaluating conditions.
RUN DOTENV_FILE= DATA_DIR=/tmp/training PORT=0 \
        java @jvm.options -Dspring.aot.enabled=true -XX:AOTCacheOutput=latchkey.aot \
        -Dspring.context.exit=onRefresh -jar latchkey.jar \
    && postmaster="$(head -n 1 /tmp/training/postgres/postmaster.pid)" && kill "$postmaster" \
    && while kill -0 "$postmaster" 2>/dev/null; do sleep 0.1; done \
    && rm -rf /tmp/training

ENV PORT=8000
EXPOSE 8000

# No curl in the JRE image: probe /health with bash's /dev/tcp.
HEALTHCHECK --interval=30s --timeout=5s --start-period=30s --retries=3 \
  CMD ["bash", "-c", "exec 3<>/dev/tcp/127.0.0.1/${PORT:-8000} && printf 'GET /health HTTP/1.1\\r\\nHost: localhost\\r\\nConnection: close\\r\\n\\r\\n' >&3 && head -n 1 <&3 | grep -q ' 200'"]

ENTRYPOINT ["java", "@jvm.options", "-Dspring.aot.enabled=true", "-XX:AOTCache=latchkey.aot", "-jar", "latchkey.jar"]
