# syntax=docker/dockerfile:1

# ---- build stage ----
FROM eclipse-temurin:21-jdk AS build
WORKDIR /build

# Dependencies first, so they are cached until pom.xml changes.
COPY mvnw pom.xml ./
COPY .mvn .mvn
RUN chmod +x mvnw && ./mvnw -B -q dependency:go-offline

COPY src src
RUN ./mvnw -B -q package -DskipTests \
    && cp target/latchkey-*.jar /build/latchkey.jar

# ---- runtime stage ----
FROM eclipse-temurin:21-jre

RUN groupadd --system --gid 10001 latchkey \
    && useradd --system --uid 10001 --gid latchkey --home-dir /app --no-create-home latchkey \
    && mkdir /app && chown latchkey:latchkey /app

WORKDIR /app
COPY --from=build --chown=latchkey:latchkey /build/latchkey.jar /app/latchkey.jar

USER 10001:10001
ENV PORT=8000
EXPOSE 8000

# No curl in the JRE image: probe /health with bash's /dev/tcp.
HEALTHCHECK --interval=30s --timeout=5s --start-period=60s --retries=3 \
  CMD ["bash", "-c", "exec 3<>/dev/tcp/127.0.0.1/${PORT:-8000} && printf 'GET /health HTTP/1.1\\r\\nHost: localhost\\r\\nConnection: close\\r\\n\\r\\n' >&3 && head -n 1 <&3 | grep -q ' 200'"]

ENTRYPOINT ["java", "-XX:MaxRAMPercentage=75", "-jar", "/app/latchkey.jar"]
