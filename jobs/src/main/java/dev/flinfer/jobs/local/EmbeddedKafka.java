package dev.flinfer.jobs.local;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import kafka.server.Server;
import kafka.tools.StorageTool;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.apache.kafka.common.utils.Time;
import org.apache.kafka.common.utils.Utils;

/**
 * A real single-node Kafka broker running in this JVM, for the demo and tests.
 *
 * <p>The node is both broker and KRaft controller ({@code process.roles=broker,controller}),
 * listens on 127.0.0.1 and keeps its logs in a temporary directory that {@link #close()} deletes.
 * Its settings suit a single node and Flink's exactly-once Kafka sink: the internal topics have one
 * replica and one partition, transactions work, consumer groups start without delay, topics are
 * created on first use with one partition, and transactions may last up to 15 minutes.
 *
 * <pre>{@code
 * try (EmbeddedKafka kafka = EmbeddedKafka.start()) {
 *     kafka.createTopic("texts", 3);
 *     Properties props = new Properties();
 *     props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
 *     // ... produce, run a job, consume ...
 * }
 * }</pre>
 */
public final class EmbeddedKafka implements AutoCloseable {
    private static final String HOST = "127.0.0.1";
    private static final int NODE_ID = 1;
    private static final Duration TOPIC_TIMEOUT = Duration.ofSeconds(30);

    private final Server server;
    private final Path dir;
    private final String bootstrapServers;
    private boolean closed;

    private EmbeddedKafka(Server server, Path dir, String bootstrapServers) {
        this.server = server;
        this.dir = dir;
        this.bootstrapServers = bootstrapServers;
    }

    /** Starts a broker on a free port; returns once it accepts clients. */
    public static EmbeddedKafka start() {
        return start(freePort());
    }

    /** Starts a broker on {@code port} of 127.0.0.1; returns once it accepts clients. */
    public static EmbeddedKafka start(int port) {
        Path dir = null;
        try {
            dir = Files.createTempDirectory("flinfer-kafka-");
            Properties props = brokerProperties(port, freePort(), dir.resolve("logs"));
            format(props, dir.resolve("server.properties"));
            Server server = new KafkaRaftServer(new KafkaConfig(props), Time.SYSTEM);
            try {
                server.startup();
            } catch (RuntimeException e) {
                server.shutdown();
                throw e;
            }
            return new EmbeddedKafka(server, dir, HOST + ":" + port);
        } catch (Exception e) {
            deleteQuietly(dir);
            throw new IllegalStateException("Could not start the embedded Kafka broker", e);
        }
    }

    /** The {@code bootstrap.servers} of this broker, {@code 127.0.0.1:port}. */
    public String bootstrapServers() {
        return bootstrapServers;
    }

    /**
     * Creates a topic with {@code partitions} partitions and one replica, and waits until every
     * partition has a leader.
     */
    public void createTopic(String name, int partitions) {
        createTopic(name, partitions, Map.of());
    }

    /**
     * Creates a topic as {@link #createTopic(String, int)} does, with topic configs (e.g.
     * max.message.bytes).
     */
    public void createTopic(String name, int partitions, Map<String, String> configs) {
        try (Admin admin =
                Admin.create(
                        Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers))) {
            admin.createTopics(List.of(new NewTopic(name, partitions, (short) 1).configs(configs)))
                    .all()
                    .get(TOPIC_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            long deadline = System.nanoTime() + TOPIC_TIMEOUT.toNanos();
            while (!hasLeaders(admin, name, partitions)) {
                if (System.nanoTime() > deadline) {
                    throw new TimeoutException("No leaders for all partitions of " + name);
                }
                Thread.sleep(50);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new KafkaException("Interrupted while creating topic " + name, e);
        } catch (ExecutionException | TimeoutException e) {
            throw new KafkaException("Could not create topic " + name, e);
        }
    }

    /** Stops the broker and deletes its logs; does nothing if already closed. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            server.shutdown();
            server.awaitShutdown();
        } finally {
            deleteQuietly(dir);
        }
    }

    private static Properties brokerProperties(int port, int controllerPort, Path logDir) {
        Properties props = new Properties();
        props.put("process.roles", "broker,controller");
        props.put("node.id", Integer.toString(NODE_ID));
        props.put("controller.quorum.voters", NODE_ID + "@" + HOST + ":" + controllerPort);
        String broker = "PLAINTEXT://" + HOST + ":" + port;
        props.put("listeners", broker + ",CONTROLLER://" + HOST + ":" + controllerPort);
        props.put("advertised.listeners", broker);
        props.put("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT");
        props.put("controller.listener.names", "CONTROLLER");
        props.put("inter.broker.listener.name", "PLAINTEXT");
        props.put("log.dirs", logDir.toString());
        props.put("server.max.startup.time.ms", "60000");
        props.put("auto.create.topics.enable", "true");
        props.put("num.partitions", "1");
        props.put("default.replication.factor", "1");
        props.put("min.insync.replicas", "1");
        props.put("offsets.topic.replication.factor", "1");
        props.put("offsets.topic.num.partitions", "1");
        props.put("transaction.state.log.replication.factor", "1");
        props.put("transaction.state.log.min.isr", "1");
        props.put("transaction.state.log.num.partitions", "1");
        props.put("transaction.max.timeout.ms", "900000");
        props.put("share.coordinator.state.topic.replication.factor", "1");
        props.put("share.coordinator.state.topic.min.isr", "1");
        props.put("group.initial.rebalance.delay.ms", "0");
        return props;
    }

    /** Formats the log directory for KRaft, like {@code kafka-storage.sh format} does. */
    private static void format(Properties props, Path configFile) throws IOException {
        try (OutputStream out = Files.newOutputStream(configFile)) {
            props.store(out, "embedded Kafka");
        }
        String[] args = {
            "format",
            "--config",
            configFile.toString(),
            "--cluster-id",
            Uuid.randomUuid().toString()
        };
        int exitCode = StorageTool.execute(args, new PrintStream(OutputStream.nullOutputStream()));
        if (exitCode != 0) {
            throw new IllegalStateException(
                    "kafka-storage format failed with exit code " + exitCode);
        }
    }

    private static boolean hasLeaders(Admin admin, String topic, int partitions)
            throws InterruptedException, ExecutionException {
        TopicDescription description;
        try {
            description = admin.describeTopics(List.of(topic)).allTopicNames().get().get(topic);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof UnknownTopicOrPartitionException) {
                return false;
            }
            throw e;
        }
        return description.partitions().size() == partitions
                && description.partitions().stream().allMatch(p -> p.leader() != null);
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0, 0, InetAddress.getByName(HOST))) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("No free port on " + HOST, e);
        }
    }

    private static void deleteQuietly(Path dir) {
        if (dir == null) {
            return;
        }
        try {
            Utils.delete(dir.toFile());
        } catch (IOException e) {
            // A leftover temporary directory is harmless.
        }
    }
}
