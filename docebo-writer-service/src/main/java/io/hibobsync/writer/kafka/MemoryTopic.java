package io.hibobsync.writer.kafka;

import io.hibobsync.writer.sync.AppliedEmployee;
import io.hibobsync.writer.sync.WriterMemory;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.errors.WakeupException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.kafka.core.KafkaAdmin;
import org.springframework.kafka.core.KafkaTemplate;
import tools.jackson.databind.json.JsonMapper;

/**
 * Keeps the writer's memory in the compacted topic {@value WriterTopicsConfiguration#MEMORY}: every state is written there
 * before the record that caused it is committed, all of it is read back before the writer consumes anything
 * (so a restart remembers), and the topic is followed afterwards (so instances see each other's writes).
 */
class MemoryTopic implements WriterMemory.Journal, SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(MemoryTopic.class);

    private final KafkaTemplate<String, byte[]> kafka;
    private final KafkaAdmin admin;
    private final JsonMapper json;
    private WriterMemory memory;
    private volatile KafkaConsumer<String, byte[]> follower;
    private volatile Thread followerThread;
    private final PendingSends pending = new PendingSends(WriterTopicsConfiguration.MEMORY);

    MemoryTopic(KafkaTemplate<String, byte[]> kafka, KafkaAdmin admin, JsonMapper json) {
        this.kafka = kafka;
        this.admin = admin;
        this.json = json;
    }

    void attach(WriterMemory memory) {
        this.memory = memory;
    }

    @Override
    public void write(String employeeId, AppliedEmployee state) {
        byte[] value = state == null ? null : json.writeValueAsBytes(state);
        pending.add(kafka.send(WriterTopicsConfiguration.MEMORY, employeeId, value));
    }

    /** Waits for every write since the last flush: the records behind them are committed only after this. */
    @Override
    public void flush() {
        pending.awaitAll();
    }

    /** Reads the whole memory before the listeners start (they start in a later phase). */
    @Override
    public void start() {
        long started = System.nanoTime();
        KafkaConsumer<String, byte[]> consumer = CompactedTopic.readToEnd(admin, WriterTopicsConfiguration.MEMORY, this::restore);
        log.info("Writer memory loaded: {} employees in {} ms", memory.size(),
                TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started));
        follower = consumer;
        followerThread = new Thread(() -> follow(consumer), "writer-memory-follower");
        followerThread.setDaemon(true);
        followerThread.start();
    }

    // The consumer is handed over rather than read from the field, which stop() clears while a poll may run.
    private void follow(KafkaConsumer<String, byte[]> consumer) {
        try {
            while (!Thread.currentThread().isInterrupted()) {
                consumer.poll(Duration.ofSeconds(1)).forEach(this::restore);
            }
        } catch (WakeupException stopping) {
            // stop() asked us to end
        } catch (RuntimeException e) {
            log.error("Stopped following {}: {}", WriterTopicsConfiguration.MEMORY, e.getMessage(), e);
        } finally {
            consumer.close(Duration.ofSeconds(5));
        }
    }

    private void restore(ConsumerRecord<String, byte[]> record) {
        AppliedEmployee state = record.value() == null ? null : json.readValue(record.value(), AppliedEmployee.class);
        memory.restore(record.key(), state);
    }

    @Override
    public void stop() {
        KafkaConsumer<String, byte[]> consumer = follower;
        if (consumer != null) {
            consumer.wakeup();
            follower = null;
        }
    }

    @Override
    public boolean isRunning() {
        return follower != null;
    }

    // Before the listener containers (Integer.MAX_VALUE - 100): the memory must be complete when records arrive.
    @Override
    public int getPhase() {
        return Integer.MAX_VALUE - 1000;
    }
}
