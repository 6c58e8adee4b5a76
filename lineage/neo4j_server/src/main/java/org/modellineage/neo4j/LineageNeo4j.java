package org.modellineage.neo4j;

import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CountDownLatch;

import org.neo4j.configuration.GraphDatabaseInternalSettings;
import org.neo4j.configuration.GraphDatabaseSettings;
import org.neo4j.configuration.connectors.BoltConnector;
import org.neo4j.configuration.connectors.HttpConnector;
import org.neo4j.configuration.connectors.HttpsConnector;
import org.neo4j.configuration.helpers.SocketAddress;
import org.neo4j.dbms.api.DatabaseManagementService;
import org.neo4j.dbms.api.DatabaseManagementServiceBuilder;
import org.neo4j.graphdb.GraphDatabaseService;
import org.neo4j.io.ByteUnit;

/**
 * Runs Neo4j's embeddable DBMS as a small Bolt server for development and tests.
 *
 * <p>Usage: {@code java [jvm flags] -cp "classes:lib/*" org.modellineage.neo4j.LineageNeo4j
 * [--host H] [--port P] [--home DIR] [--auth PASSWORD | --no-auth] [--pagecache MB]}.
 * Each option falls back to an environment variable ({@code LINEAGE_NEO4J_HOST}, {@code _PORT},
 * {@code _HOME}, {@code _PASSWORD}, {@code _PAGECACHE_MB}) and then to a default. The heap is
 * the launcher's business ({@code -Xmx}).
 *
 * <p>Once the DBMS answers {@code RETURN 1} it prints exactly one line {@code NEO4J READY
 * bolt://HOST:PORT} to stdout; the Python launcher waits for that line. SIGTERM (or Ctrl-C) runs a
 * shutdown hook that stops the DBMS cleanly so the store is not left needing recovery.
 */
public final class LineageNeo4j {

    private static final String READY_PREFIX = "NEO4J READY ";

    private LineageNeo4j() {}

    public static void main(String[] args) throws Exception {
        Options opts;
        try {
            opts = Options.parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println("lineage-neo4j: " + e.getMessage());
            System.err.println(
                    "usage: LineageNeo4j [--host H] [--port P] [--home DIR] [--auth PASSWORD]"
                            + " [--pagecache MB]");
            System.exit(2);
            return;
        }

        DatabaseManagementService dbms = new DatabaseManagementServiceBuilder(opts.home)
                // Bolt is off in embedded mode; switch it on, plain text (local dev/test only).
                .setConfig(BoltConnector.enabled, true)
                .setConfig(BoltConnector.listen_address, new SocketAddress(opts.host, opts.port))
                .setConfig(BoltConnector.advertised_address, new SocketAddress(opts.host, opts.port))
                .setConfig(BoltConnector.encryption_level, BoltConnector.EncryptionLevel.DISABLED)
                // No HTTP: nothing here needs it, and it would grab another port.
                .setConfig(HttpConnector.enabled, false)
                .setConfig(HttpsConnector.enabled, false)
                .setConfig(GraphDatabaseSettings.auth_enabled, opts.password != null)
                // Keep the footprint small: the default page cache is half of the free RAM.
                .setConfig(GraphDatabaseSettings.pagecache_memory, ByteUnit.mebiBytes(opts.pagecacheMb))
                // Don't phone home and don't write 250 MB of preallocated tx logs per store.
                .setConfig(GraphDatabaseSettings.udc_enabled, false)
                .setConfig(GraphDatabaseSettings.preallocate_logical_logs, false)
                // A single instance: no server-side routing tables.
                .setConfig(GraphDatabaseSettings.routing_enabled, false)
                // Stop fast: Netty's default quiet period makes each of the Bolt server's two event
                // loop groups idle ~5 s on shutdown even with no connections (10 s per stop, which
                // adds up in a test suite). The databases are checkpointed before Bolt stops.
                .setConfig(GraphDatabaseSettings.shutdown_transaction_end_timeout, Duration.ofSeconds(5))
                .setConfig(GraphDatabaseInternalSettings.netty_server_shutdown_quiet_period, 0)
                .build();

        // Registered right after build() so a SIGTERM during the warm-up below still shuts down.
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                dbms.shutdown();
            } finally {
                stopped.countDown();
            }
        }, "lineage-neo4j-shutdown"));

        try {
            if (opts.password != null) {
                // Community edition has one user, neo4j. Embedded transactions run with full
                // rights, so we can set its password directly (and skip the "must change the
                // initial password" dance the server does). Re-applied on every start so the
                // --auth value is always the one in force.
                GraphDatabaseService system = dbms.database(GraphDatabaseSettings.SYSTEM_DATABASE_NAME);
                try {
                    system.executeTransactionally(
                            "ALTER USER neo4j SET PLAINTEXT PASSWORD $password CHANGE NOT REQUIRED",
                            Map.of("password", opts.password));
                } catch (RuntimeException e) {
                    // A restart with the password already in force: Neo4j refuses to "change"
                    // a password to itself, and there is nothing to change.
                    if (!String.valueOf(e.getMessage()).contains("Old password and new password cannot be the same")) {
                        throw e;
                    }
                }
            }
            GraphDatabaseService db = dbms.database(GraphDatabaseSettings.DEFAULT_DATABASE_NAME);
            db.executeTransactionally("RETURN 1");
        } catch (RuntimeException e) {
            System.err.println("lineage-neo4j: start-up check failed: " + e);
            e.printStackTrace();
            System.exit(1); // runs the shutdown hook
            return;
        }

        PrintStream out = System.out;
        out.println(READY_PREFIX + "bolt://" + opts.hostForUri() + ":" + opts.port);
        out.flush();

        // Neo4j's own threads would keep the JVM alive too, but waiting here makes the lifetime
        // explicit: main returns only after the shutdown hook has finished.
        stopped.await();
    }

    /** Command-line options with environment-variable fallbacks. */
    private static final class Options {
        String host = env("LINEAGE_NEO4J_HOST", "127.0.0.1");
        int port = Integer.parseInt(env("LINEAGE_NEO4J_PORT", "7687"));
        Path home = Path.of(env("LINEAGE_NEO4J_HOME", "neo4j-home"));
        String password = System.getenv("LINEAGE_NEO4J_PASSWORD");
        long pagecacheMb = Long.parseLong(env("LINEAGE_NEO4J_PAGECACHE_MB", "128"));

        static Options parse(String[] args) {
            Options o = new Options();
            for (int i = 0; i < args.length; i++) {
                String a = args[i];
                if (a.equals("--no-auth")) {
                    o.password = null;
                    continue;
                }
                if (i + 1 >= args.length) {
                    throw new IllegalArgumentException("missing value after " + a);
                }
                String v = args[++i];
                switch (a) {
                    case "--host" -> o.host = v;
                    case "--port" -> o.port = parsePort(v);
                    case "--home" -> o.home = Path.of(v);
                    case "--auth" -> o.password = v;
                    case "--pagecache" -> o.pagecacheMb = Long.parseLong(v);
                    default -> throw new IllegalArgumentException("unknown option " + a);
                }
            }
            if (o.password != null && o.password.isEmpty()) {
                throw new IllegalArgumentException("--auth needs a non-empty password");
            }
            o.home = o.home.toAbsolutePath();
            return o;
        }

        String hostForUri() {
            // IPv6 literals need brackets in a URI.
            return host.contains(":") && !host.startsWith("[") ? "[" + host + "]" : host;
        }

        private static int parsePort(String v) {
            int p = Integer.parseInt(v);
            if (p < 1 || p > 65535) {
                throw new IllegalArgumentException("port out of range: " + v);
            }
            return p;
        }

        private static String env(String name, String dflt) {
            String v = System.getenv(name);
            return v == null || v.isEmpty() ? dflt : v;
        }
    }
}
