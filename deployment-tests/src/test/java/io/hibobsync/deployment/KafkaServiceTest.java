package io.hibobsync.deployment;

import static org.assertj.core.api.Assertions.assertThat;

import io.hibobsync.deployment.Placeholders.Interpolation;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.common.utils.AppInfoParser;
import org.junit.jupiter.api.Test;

/** The broker in docker-compose.yml: the official image as one KRaft node the services can reach and rely on. */
class KafkaServiceTest {

    private final ComposeFile compose = ComposeFile.load();
    private final Map<String, String> kafka = compose.environment("kafka");

    @Test
    void runs_the_official_image_of_the_kafka_version_the_clients_use() {
        // kafka-clients on this classpath is the version Spring Boot manages, the one the services are built with.
        assertThat(compose.service("kafka").get("image")).isEqualTo("apache/kafka:" + AppInfoParser.getVersion());
    }

    @Test
    void is_a_single_kraft_node_acting_as_broker_and_controller() {
        assertThat(kafka.get("KAFKA_PROCESS_ROLES")).isEqualTo("broker,controller");
        assertThat(kafka.get("CLUSTER_ID")).as("CLUSTER_ID (22-character base64 UUID)").matches("[A-Za-z0-9_-]{22}");
        String controller = kafka.get("KAFKA_CONTROLLER_LISTENER_NAMES");

        assertThat(kafka.get("KAFKA_CONTROLLER_QUORUM_VOTERS"))
                .isEqualTo(kafka.get("KAFKA_NODE_ID") + "@kafka:" + port(listeners().get(controller)));
    }

    @Test
    void has_an_internal_listener_for_the_containers_and_one_for_the_host() {
        Map<String, String> listeners = listeners();
        Map<String, String> advertised = listenerMap(kafka.get("KAFKA_ADVERTISED_LISTENERS"));
        Map<String, String> protocols = pairs(kafka.get("KAFKA_LISTENER_SECURITY_PROTOCOL_MAP"));

        assertThat(listeners).containsOnlyKeys("INTERNAL", "HOST", kafka.get("KAFKA_CONTROLLER_LISTENER_NAMES"));
        assertThat(protocols).as("KAFKA_LISTENER_SECURITY_PROTOCOL_MAP names every listener")
                .containsOnlyKeys(listeners.keySet());
        assertThat(kafka.get("KAFKA_INTER_BROKER_LISTENER_NAME")).isEqualTo("INTERNAL");
        assertThat(advertised.get("INTERNAL")).isEqualTo("kafka:" + port(listeners.get("INTERNAL")));
        assertThat(advertised.get("HOST")).isEqualTo("localhost:" + port(listeners.get("HOST")));
        assertThat(compose.list("kafka", "ports")).as("the HOST listener is published on the host's loopback")
                .contains("127.0.0.1:" + port(listeners.get("HOST")) + ":" + port(listeners.get("HOST")));
    }

    @Test
    void is_where_the_services_look_for_it_by_default() {
        String internal = listenerMap(kafka.get("KAFKA_ADVERTISED_LISTENERS")).get("INTERNAL");

        for (String service : List.of("ingest", "enrich", "docebo-writer", "notifier")) {
            List<Interpolation> bootstrap = Placeholders.compose(compose.environment(service).get("KAFKA_BOOTSTRAP_SERVERS"));
            assertThat(bootstrap).as("%s KAFKA_BOOTSTRAP_SERVERS", service).hasSize(1);
            assertThat(bootstrap.get(0).argument()).as("%s's default KAFKA_BOOTSTRAP_SERVERS", service).isEqualTo(internal);
        }
    }

    @Test
    void creates_no_topic_on_its_own() {
        // The services declare their topics and dead-letter topics; a misspelt name must fail, not appear.
        assertThat(kafka.get("KAFKA_AUTO_CREATE_TOPICS_ENABLE")).isEqualTo("false");
    }

    @Test
    void keeps_one_replica_of_its_internal_topics() {
        assertThat(kafka).containsEntry("KAFKA_OFFSETS_TOPIC_REPLICATION_FACTOR", "1")
                .containsEntry("KAFKA_TRANSACTION_STATE_LOG_REPLICATION_FACTOR", "1")
                .containsEntry("KAFKA_TRANSACTION_STATE_LOG_MIN_ISR", "1")
                .containsEntry("KAFKA_SHARE_COORDINATOR_STATE_TOPIC_REPLICATION_FACTOR", "1")
                .containsEntry("KAFKA_SHARE_COORDINATOR_STATE_TOPIC_MIN_ISR", "1");
    }

    @Test
    void keeps_its_data_on_a_named_volume() {
        String logDirs = kafka.get("KAFKA_LOG_DIRS");

        assertThat(compose.list("kafka", "volumes")).contains("kafka-data:" + logDirs);
        assertThat(compose.topLevel("volumes")).containsKey("kafka-data");
    }

    @Test
    void reports_healthy_once_it_answers_clients() {
        assertThat(compose.healthCheckCommand("kafka"))
                .contains("/opt/kafka/bin/kafka-broker-api-versions.sh")
                .contains("--bootstrap-server " + listenerMap(kafka.get("KAFKA_ADVERTISED_LISTENERS")).get("INTERNAL"));
    }

    @Test
    void fits_its_heap_in_its_memory_limit() {
        Matcher heap = Pattern.compile("-Xmx(\\d+[kmg])").matcher(kafka.getOrDefault("KAFKA_HEAP_OPTS", ""));

        assertThat(heap.find()).as("KAFKA_HEAP_OPTS sets -Xmx (the image's default, 1 GB, ignores mem_limit)").isTrue();
        assertThat(Sizes.bytes(heap.group(1)))
                .isLessThanOrEqualTo(Sizes.bytes(compose.service("kafka").get("mem_limit").toString()) * 3 / 4);
    }

    /** KAFKA_LISTENERS as name to host:port. */
    private Map<String, String> listeners() {
        return listenerMap(kafka.get("KAFKA_LISTENERS"));
    }

    private static Map<String, String> listenerMap(String listeners) {
        Map<String, String> result = new LinkedHashMap<>();
        for (String listener : listeners.split(",")) {
            String[] parts = listener.strip().split("://", 2);
            result.put(parts[0], parts[1]);
        }
        return result;
    }

    private static Map<String, String> pairs(String list) {
        Map<String, String> result = new LinkedHashMap<>();
        Arrays.stream(list.split(",")).map(pair -> pair.strip().split(":", 2)).forEach(pair -> result.put(pair[0], pair[1]));
        return result;
    }

    private static String port(String hostAndPort) {
        return hostAndPort.substring(hostAndPort.lastIndexOf(':') + 1);
    }
}
