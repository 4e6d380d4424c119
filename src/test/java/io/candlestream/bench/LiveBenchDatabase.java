package io.candlestream.bench;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * An embedded PostgreSQL (from Maven) for the live benchmarks, with a fresh database per case, so no case reads
 * another's candles. The server trusts the superuser; no password.
 */
final class LiveBenchDatabase implements AutoCloseable {

    static final String USER = "postgres";

    private final EmbeddedPostgres postgres;

    LiveBenchDatabase() throws IOException {
        postgres = EmbeddedPostgres.builder().start();
    }

    /** Creates (or re-creates) an empty database and returns its JDBC URL. */
    String freshDatabase(String name) throws SQLException {
        try (Connection admin = postgres.getPostgresDatabase().getConnection();
                Statement statement = admin.createStatement()) {
            statement.execute("drop database if exists " + name + " with (force)");
            statement.execute("create database " + name);
        }
        return jdbcUrl(name);
    }

    String jdbcUrl(String database) {
        return "jdbc:postgresql://localhost:" + postgres.getPort() + "/" + database;
    }

    Connection connect(String database) throws SQLException {
        return DriverManager.getConnection(jdbcUrl(database), USER, "");
    }

    @Override
    public void close() throws IOException {
        postgres.close();
    }
}
