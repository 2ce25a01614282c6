package io.hibobsync.notifier.mail;

/** Where a record is in Kafka: what a mail quotes so the reader can find it with any Kafka tool. */
public record KafkaPosition(String topic, int partition, long offset) {

    @Override
    public String toString() {
        return topic + " partition " + partition + " offset " + offset;
    }
}
