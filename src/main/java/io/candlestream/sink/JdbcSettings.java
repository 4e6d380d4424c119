package io.candlestream.sink;

import org.apache.flink.connector.jdbc.JdbcConnectionOptions;

import java.io.IOException;
import java.io.Serializable;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Properties;
import java.util.regex.Pattern;

/**
 * Where the candles table lives: a PostgreSQL JDBC URL, a user and an optional password (immutable).
 *
 * <p>The password never comes from a program argument (those are shown in the Flink web UI) but from the
 * environment: {@value #PASSWORD_ENV}, or the file named by {@value #PASSWORD_FILE_ENV}; without either, the
 * server must trust the user (trust or peer authentication). {@link #toString()} and every error message hide it.
 */
public final class JdbcSettings implements Serializable {

    private static final long serialVersionUID = 1L;

    /** Environment variable holding the database password. */
    public static final String PASSWORD_ENV = "CANDLESTREAM_JDBC_PASSWORD";

    /** Environment variable naming a file whose (trimmed) content is the database password. */
    public static final String PASSWORD_FILE_ENV = "CANDLESTREAM_JDBC_PASSWORD_FILE";

    /** The only URL scheme accepted for {@code --jdbc-url}. */
    public static final String URL_PREFIX = "jdbc:postgresql:";

    /** Login timeout of {@link #checkReachable()}, so that a wrong host fails fast before job submission. */
    public static final Duration DEFAULT_REACHABLE_TIMEOUT = Duration.ofSeconds(5);

    private static final String DRIVER_CLASS = "org.postgresql.Driver";

    /** Matches a {@code password=...} URL parameter, so that it can be masked wherever the URL is shown. */
    private static final Pattern PASSWORD_PARAM =
            Pattern.compile("(?i)([?&]password=)[^&]*");

    /**
     * pgjdbc would rewrite a batch of upserts into one multi-row statement, which PostgreSQL rejects when the
     * same candle occurs twice in it ("ON CONFLICT DO UPDATE command cannot affect row a second time").
     */
    private static final Pattern REWRITE_BATCHED =
            Pattern.compile("(?i)[?&]reWriteBatchedInserts=(true|on|yes|1)(&|$)");

    private final String url;
    private final String user;
    private final String password;

    private JdbcSettings(String url, String user, String password) {
        this.url = url;
        this.user = user;
        this.password = password;
    }

    /**
     * Settings with an explicit password ({@code null}: none, the server must trust the user). A {@code null} user is
     * the driver's default, the operating-system user running the job ({@code user.name}), as psql does; a blank one
     * is an error.
     *
     * @throws IllegalArgumentException naming {@code --jdbc-url} or {@code --jdbc-user} when one is not allowed
     */
    public static JdbcSettings of(String url, String user, String password) {
        if (url == null || !url.startsWith(URL_PREFIX)) {
            throw new IllegalArgumentException(
                    "--jdbc-url must be a PostgreSQL JDBC URL starting with '" + URL_PREFIX
                            + "' (e.g. jdbc:postgresql://localhost:5432/candles), got "
                            + (url == null ? "nothing" : "'" + redact(url) + "'"));
        }
        if (REWRITE_BATCHED.matcher(url).find()) {
            throw new IllegalArgumentException(
                    "--jdbc-url must not set reWriteBatchedInserts=true: the candle upsert relies on one statement per"
                            + " row, got '" + redact(url) + "'");
        }
        if (user == null) {
            user = System.getProperty("user.name", "");
        }
        if (user.isBlank()) {
            throw new IllegalArgumentException("--jdbc-user must name a database user, got nothing");
        }
        return new JdbcSettings(url, user, password);
    }

    /** Settings whose password comes from this process's environment (see {@link #fromEnvironment(String, String, Map)}). */
    public static JdbcSettings fromEnvironment(String url, String user) {
        return fromEnvironment(url, user, System.getenv());
    }

    /**
     * Settings whose password comes from {@code env}: {@value #PASSWORD_ENV} if set and not empty, else the trimmed
     * content of the file named by {@value #PASSWORD_FILE_ENV}, else none.
     *
     * @throws IllegalArgumentException when the password file cannot be read or is empty, or an option is not allowed
     */
    public static JdbcSettings fromEnvironment(String url, String user, Map<String, String> env) {
        Objects.requireNonNull(env, "env");
        return of(url, user, passwordFrom(env));
    }

    private static String passwordFrom(Map<String, String> env) {
        String direct = env.get(PASSWORD_ENV);
        if (direct != null && !direct.isEmpty()) {
            return direct;
        }
        String file = env.get(PASSWORD_FILE_ENV);
        if (file == null || file.isBlank()) {
            return null;
        }
        String content;
        try {
            content = Files.readString(Path.of(file), StandardCharsets.UTF_8).trim();
        } catch (IOException | RuntimeException e) {
            throw new IllegalArgumentException(
                    PASSWORD_FILE_ENV + " names '" + file + "', which cannot be read: " + e, e);
        }
        if (content.isEmpty()) {
            throw new IllegalArgumentException(
                    PASSWORD_FILE_ENV + " names '" + file + "', which is empty; put the password in it or unset "
                            + PASSWORD_FILE_ENV);
        }
        return content;
    }

    /** The JDBC URL as given ({@code jdbc:postgresql:...}); may carry parameters, see {@link #redactedUrl()}. */
    public String url() {
        return url;
    }

    /** The URL with any {@code password=} parameter masked, for messages and logs. */
    public String redactedUrl() {
        return redact(url);
    }

    /** The database user. */
    public String user() {
        return user;
    }

    /** The password, or empty when the server trusts the user. */
    public Optional<String> password() {
        return Optional.ofNullable(password);
    }

    /**
     * Options for the Flink JDBC connector: the PostgreSQL driver, user, password, and timeouts so that a dead
     * server or network fails a write within about a minute instead of hanging the sink.
     */
    public JdbcConnectionOptions connectionOptions() {
        JdbcConnectionOptions.JdbcConnectionOptionsBuilder builder =
                new JdbcConnectionOptions.JdbcConnectionOptionsBuilder()
                        .withUrl(url)
                        .withDriverName(DRIVER_CLASS)
                        .withUsername(user)
                        .withPassword(password)
                        .withConnectionCheckTimeoutSeconds(10);
        connectionProperties(Duration.ofSeconds(10)).forEach((k, v) -> {
            if (!k.equals("user") && !k.equals("password")) {
                builder.withProperty((String) k, (String) v);
            }
        });
        return builder.build();
    }

    /** Opens a connection (the caller closes it), failing within {@code loginTimeout} when the server is not there. */
    public Connection connect(Duration loginTimeout) throws SQLException {
        // The driver directly, not DriverManager: DriverManager does not see drivers in Flink's user-code class loader.
        Connection connection = new org.postgresql.Driver().connect(url, connectionProperties(loginTimeout));
        if (connection == null) {
            throw new SQLException("the PostgreSQL driver does not accept the URL '" + redactedUrl() + "'", "08001");
        }
        return connection;
    }

    /**
     * Opens and closes one connection within {@link #DEFAULT_REACHABLE_TIMEOUT}, so that a wrong URL, user or
     * password stops the job before it is submitted.
     *
     * @throws DatabaseUnreachableException with a one-line message saying what to check (never the password)
     */
    public void checkReachable() {
        checkReachable(DEFAULT_REACHABLE_TIMEOUT);
    }

    /** As {@link #checkReachable()}, with the given login timeout. */
    public void checkReachable(Duration loginTimeout) {
        try (Connection connection = connect(loginTimeout)) {
            connection.isValid((int) Math.max(1, loginTimeout.toSeconds()));
        } catch (SQLException e) {
            throw new DatabaseUnreachableException(redactedUrl(), user, reason(e), e);
        }
    }

    private Properties connectionProperties(Duration loginTimeout) {
        int seconds = (int) Math.max(1, loginTimeout.toSeconds());
        Properties properties = new Properties();
        properties.setProperty("user", user);
        if (password != null) {
            properties.setProperty("password", password);
        }
        properties.setProperty("connectTimeout", Integer.toString(seconds));
        properties.setProperty("loginTimeout", Integer.toString(seconds));
        // A write blocked on a dead TCP connection would otherwise hang the sink (and every checkpoint) forever.
        properties.setProperty("socketTimeout", "60");
        properties.setProperty("tcpKeepAlive", "true");
        properties.setProperty("ApplicationName", "candlestream");
        return properties;
    }

    /** A short, single-line reason for a failed connection attempt, taken from the root network error if any. */
    static String reason(SQLException e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String text;
        if (root instanceof UnknownHostException) {
            text = "unknown host '" + root.getMessage() + "'";
        } else if (root instanceof ConnectException || root instanceof NoRouteToHostException
                || root instanceof SocketTimeoutException) {
            text = root.getMessage() == null ? root.getClass().getSimpleName() : root.getMessage();
        } else {
            text = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        }
        String oneLine = text.replaceAll("\\s+", " ").trim().replaceAll("\\.+$", "");
        if (oneLine.isEmpty()) {
            return e.getClass().getSimpleName();
        }
        return Character.toUpperCase(oneLine.charAt(0)) + oneLine.substring(1);
    }

    private static String redact(String url) {
        return PASSWORD_PARAM.matcher(url).replaceAll("$1***");
    }

    @Override
    public boolean equals(Object o) {
        if (this == o) {
            return true;
        }
        if (!(o instanceof JdbcSettings)) {
            return false;
        }
        JdbcSettings other = (JdbcSettings) o;
        return url.equals(other.url) && user.equals(other.user) && Objects.equals(password, other.password);
    }

    @Override
    public int hashCode() {
        return Objects.hash(url, user, password);
    }

    /** Shows the URL (password parameter masked) and user; the password only as {@code ***} or {@code none}. */
    @Override
    public String toString() {
        return String.format(Locale.ROOT, "JdbcSettings{url=%s, user=%s, password=%s}",
                redactedUrl(), user, password == null ? "none" : "***");
    }
}
