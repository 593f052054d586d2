package kamgraph.testserver;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;

import org.neo4j.configuration.GraphDatabaseSettings;
import org.neo4j.configuration.connectors.BoltConnector;
import org.neo4j.configuration.connectors.BoltConnectorInternalSettings;
import org.neo4j.configuration.connectors.ConnectorPortRegister;
import org.neo4j.configuration.connectors.ConnectorType;
import org.neo4j.configuration.helpers.SocketAddress;
import org.neo4j.dbms.api.DatabaseManagementService;
import org.neo4j.dbms.api.DatabaseManagementServiceBuilder;
import org.neo4j.graphdb.GraphDatabaseService;
import org.neo4j.graphdb.Transaction;
import org.neo4j.io.ByteUnit;
import org.neo4j.kernel.internal.GraphDatabaseAPI;

/**
 * A Neo4j Community DBMS with Bolt on the loopback interface and authentication on.
 *
 * <pre>
 * java -cp CLASSPATH kamgraph.testserver.Neo4jServer HOME [PORT] [--no-lockout]
 * </pre>
 *
 * HOME holds the data, transaction logs and logs (kept: start again on the same HOME and the
 * graph is still there). PORT 0, the default, takes a free port. The password of user
 * {@code neo4j} comes from the variable NEO4J_PASSWORD (never the command line, which other
 * users can read). {@code --no-lockout} lets a client fail to log in as often as it likes (the
 * tests try wrong passwords; by default three failures lock the user out for five seconds). Once Bolt answers, one line goes to stdout:
 * {@code ready bolt://127.0.0.1:PORT 5.26.30}. The server stops cleanly on SIGTERM, SIGINT
 * (Ctrl-C) or when its standard input is closed, so it never outlives the process that feeds it.
 */
public final class Neo4jServer {
    private Neo4jServer() {}

    public static void main(String[] args) throws Exception {
        if (args.length < 1) {
            fail("usage: Neo4jServer HOME [PORT] [--no-lockout]");
        }
        Path home = Path.of(args[0]).toAbsolutePath();
        int port = 0;
        boolean lockout = true;
        for (int i = 1; i < args.length; i++) {
            if (args[i].equals("--no-lockout")) {
                lockout = false;
            } else {
                try {
                    port = Integer.parseInt(args[i]);
                } catch (NumberFormatException e) {
                    fail("not a port: " + args[i]);
                }
            }
        }
        String password = System.getenv("NEO4J_PASSWORD");
        if (password == null || password.length() < 8) {
            fail("set NEO4J_PASSWORD to the password of user neo4j (8 characters or more)");
        }

        DatabaseManagementService dbms = new DatabaseManagementServiceBuilder(home)
                .setConfig(BoltConnector.enabled, true)
                .setConfig(BoltConnector.listen_address, new SocketAddress("127.0.0.1", port))
                .setConfig(GraphDatabaseSettings.auth_enabled, true)
                // small enough to share a laptop: ~450 MB resident with a 512 MB heap cap (the
                // benchmarks give a bigger one: -Dkamgraph.pagecache.mb=N)
                .setConfig(GraphDatabaseSettings.pagecache_memory,
                        ByteUnit.mebiBytes(Long.getLong("kamgraph.pagecache.mb", 64L)))
                .setConfig(GraphDatabaseSettings.preallocate_logical_logs, false)
                .setConfig(GraphDatabaseSettings.keep_logical_logs, "1 files")
                // stop in a second or two, not fifteen: open clients are told the server is going
                .setConfig(GraphDatabaseSettings.shutdown_transaction_end_timeout, Duration.ofSeconds(2))
                .setConfig(BoltConnectorInternalSettings.connection_shutdown_wait_time, Duration.ofMillis(500))
                .setConfig(BoltConnectorInternalSettings.thread_pool_shutdown_wait_time, Duration.ofMillis(500))
                .setConfig(GraphDatabaseSettings.auth_max_failed_attempts, lockout ? 3 : 0)
                .build();
        AtomicBoolean stopped = new AtomicBoolean();
        CountDownLatch done = new CountDownLatch(1);
        Runnable stop = () -> {
            if (stopped.compareAndSet(false, true)) {
                dbms.shutdown();
                done.countDown();
            }
        };
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            stop.run();
            try {
                done.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "kamgraph-shutdown"));

        GraphDatabaseService system = dbms.database(GraphDatabaseSettings.SYSTEM_DATABASE_NAME);
        try (Transaction tx = system.beginTx()) {
            // embedded transactions run with full rights: set the password the clients will use
            tx.execute("ALTER USER neo4j SET PASSWORD $password CHANGE NOT REQUIRED", Map.of("password", password))
                    .close();
            tx.commit();
        } catch (RuntimeException e) {
            // a HOME started before with this password: nothing to change
            if (!String.valueOf(e.getMessage()).contains("cannot be the same")) {
                throw e;
            }
        }
        String version;
        try (Transaction tx = system.beginTx()) {
            version = (String) tx.execute("CALL dbms.components() YIELD versions, edition "
                    + "RETURN versions[0] + ' ' + edition AS v").next().get("v");
        }
        ConnectorPortRegister ports = ((GraphDatabaseAPI) system).getDependencyResolver()
                .resolveDependency(ConnectorPortRegister.class);
        int bolt = ports.getLocalAddress(ConnectorType.BOLT).getPort();
        System.out.println("ready bolt://127.0.0.1:" + bolt + " " + version);
        System.out.flush();

        Thread lifeline = new Thread(() -> {
            try {
                InputStream in = System.in;
                while (in.read() >= 0) {
                    // ignore what is written; only the end matters
                }
            } catch (IOException e) {
                // a broken pipe is an end too
            }
            stop.run();
        }, "kamgraph-stdin");
        lifeline.setDaemon(true);
        lifeline.start();
        done.await();
        System.out.println("stopped");
        System.out.flush();
        System.exit(0);
    }

    private static void fail(String message) {
        System.err.println("Neo4jServer: " + message);
        System.exit(2);
    }
}
