# Clipcast node image: one artifact, the role comes from the config file and CLIPCAST_* variables.
# Only the production jar (launcher/target/clipcast.jar): no sandbox, no embedded PostgreSQL/Redis; those are in
# the dev artifact (launcher-dev/target/clipcast-dev.jar) that ./clipcast dev runs.
FROM maven:3.9-eclipse-temurin-17 AS build
WORKDIR /src
COPY . .
RUN mvn -q -B package -DskipTests -pl launcher -am

FROM eclipse-temurin:17-jre
WORKDIR /app
COPY --from=build /src/launcher/target/clipcast.jar /app/clipcast.jar
COPY conf /app/conf
# 8080 API, 9090 ops (/ready, /metrics), 5701 Hazelcast; the event bus uses a random port (cluster.eventBusPort=0)
EXPOSE 8080 9090 5701
ENTRYPOINT ["java", "-XX:MaxRAMPercentage=75", "-XX:+ExitOnOutOfMemoryError", "-jar", "/app/clipcast.jar"]
CMD ["run", "--config", "/app/conf/all-in-one.json"]
