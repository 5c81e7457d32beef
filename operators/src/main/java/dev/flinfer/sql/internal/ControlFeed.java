package dev.flinfer.sql.internal;

import dev.flinfer.flink.internal.RepositoryPoll;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.LinkedBlockingQueue;
import org.apache.flink.annotation.Internal;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndTimestamp;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One SQL predict function's model commands: the control topic's, from the query's planning on
 * (every partition, read_committed, no consumer group), and a repository poll's, on a daemon thread
 * into a queue the task thread drains between rows. {@link #backlog()} gives what the topic held
 * when the function opened, so that a reopened function (after a failover) replays the same
 * commands in the same order before its first row.
 */
@Internal
final class ControlFeed implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ControlFeed.class);
    private static final Duration POLL = Duration.ofMillis(200);
    private static final Duration PATIENCE = Duration.ofSeconds(60);

    private final SqlVersions versions;
    private final KafkaConsumer<byte[], byte[]> consumer;
    private final RepositoryPoll repositoryPoll;
    private final LinkedBlockingQueue<byte[]> queue = new LinkedBlockingQueue<>();
    private final Thread thread;
    private volatile boolean closed;

    ControlFeed(SqlVersions versions, String name) {
        this.versions = versions;
        this.consumer = versions.topic() == null ? null : consumer(versions, name);
        this.repositoryPoll =
                versions.pollInterval() == null ? null : new RepositoryPoll(versions.repository());
        this.thread = new Thread(this::run, "flinfer-sql-control-" + name);
        this.thread.setDaemon(true);
    }

    /**
     * The commands on the control topic now, written since the query was planned, in order; call
     * before {@link #start()}. Fails when the topic cannot be read within a minute.
     */
    List<byte[]> backlog() {
        List<byte[]> commands = new ArrayList<>();
        if (consumer == null) {
            return commands;
        }
        List<PartitionInfo> partitions = consumer.partitionsFor(versions.topic(), PATIENCE);
        if (partitions == null || partitions.isEmpty()) {
            throw new IllegalStateException(
                    "model control topic '"
                            + versions.topic()
                            + "' does not exist on "
                            + versions.servers());
        }
        List<TopicPartition> assigned = new ArrayList<>();
        for (PartitionInfo p : partitions) {
            assigned.add(new TopicPartition(p.topic(), p.partition()));
        }
        consumer.assign(assigned);
        Map<TopicPartition, Long> ends = consumer.endOffsets(assigned, PATIENCE);
        Map<TopicPartition, Long> times = new HashMap<>();
        assigned.forEach(tp -> times.put(tp, versions.commandsFromMillis()));
        Map<TopicPartition, OffsetAndTimestamp> starts = consumer.offsetsForTimes(times, PATIENCE);
        for (TopicPartition tp : assigned) {
            OffsetAndTimestamp start = starts.get(tp);
            consumer.seek(tp, start == null ? ends.get(tp) : start.offset());
        }
        long deadline = System.nanoTime() + PATIENCE.toNanos();
        while (!reached(ends)) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException(
                        "model control topic '"
                                + versions.topic()
                                + "' could not be read to its end within "
                                + PATIENCE);
            }
            for (ConsumerRecord<byte[], byte[]> record : consumer.poll(POLL)) {
                if (record.offset()
                        < ends.get(new TopicPartition(record.topic(), record.partition()))) {
                    commands.add(record.value());
                } else {
                    queue.add(record.value());
                }
            }
        }
        return commands;
    }

    private boolean reached(Map<TopicPartition, Long> ends) {
        for (Map.Entry<TopicPartition, Long> end : ends.entrySet()) {
            if (consumer.position(end.getKey()) < end.getValue()) {
                return false;
            }
        }
        return true;
    }

    /** Reads on from here, on the feed's thread. */
    void start() {
        thread.start();
    }

    /** The next command, or null when none is waiting. */
    byte[] poll() {
        return queue.poll();
    }

    private void run() {
        long nextPoll = System.nanoTime();
        while (!closed) {
            try {
                if (consumer != null) {
                    for (ConsumerRecord<byte[], byte[]> record : consumer.poll(POLL)) {
                        queue.add(record.value());
                    }
                } else {
                    Thread.sleep(Math.min(POLL.toMillis(), versions.pollInterval().toMillis()));
                }
                if (repositoryPoll != null && System.nanoTime() >= nextPoll) {
                    queue.add(repositoryPoll.map(0L));
                    nextPoll = System.nanoTime() + versions.pollInterval().toNanos();
                }
            } catch (InterruptedException e) {
                return;
            } catch (RuntimeException e) {
                if (!closed) {
                    LOG.warn("Reading model commands failed, trying again: {}", e.toString());
                    sleepQuietly();
                }
            }
        }
    }

    private static void sleepQuietly() {
        try {
            Thread.sleep(POLL.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        closed = true;
        if (consumer != null) {
            consumer.wakeup();
        }
        try {
            if (thread.isAlive()) {
                thread.join(5_000);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (consumer != null) {
            consumer.close(Duration.ofSeconds(1));
        }
    }

    private static KafkaConsumer<byte[], byte[]> consumer(SqlVersions versions, String name) {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, versions.servers());
        props.put(ConsumerConfig.CLIENT_ID_CONFIG, "flinfer-sql-control-" + name);
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        props.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
        props.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
        return new KafkaConsumer<>(props);
    }
}
