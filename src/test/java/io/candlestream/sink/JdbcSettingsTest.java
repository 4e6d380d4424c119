package io.candlestream.sink;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class JdbcSettingsTest {

    private static final String URL = "jdbc:postgresql://db.example:5432/candles";

    @TempDir
    Path dir;

    @Test
    void passwordComesFromTheEnvironmentVariable() {
        JdbcSettings settings =
                JdbcSettings.fromEnvironment(URL, "writer", Map.of(JdbcSettings.PASSWORD_ENV, "s3cret"));

        assertThat(settings.password()).contains("s3cret");
        assertThat(settings.url()).isEqualTo(URL);
        assertThat(settings.user()).isEqualTo("writer");
    }

    @Test
    void passwordComesFromTheTrimmedFileNamedByTheEnvironment() throws IOException {
        Path file = Files.writeString(dir.resolve("pw"), "  s3cret-from-file\n");

        JdbcSettings settings = JdbcSettings.fromEnvironment(
                URL, "writer", Map.of(JdbcSettings.PASSWORD_FILE_ENV, file.toString()));

        assertThat(settings.password()).contains("s3cret-from-file");
    }

    @Test
    void passwordVariableWinsOverPasswordFile() throws IOException {
        Path file = Files.writeString(dir.resolve("pw"), "from-file");

        JdbcSettings settings = JdbcSettings.fromEnvironment(URL, "writer", Map.of(
                JdbcSettings.PASSWORD_ENV, "from-env", JdbcSettings.PASSWORD_FILE_ENV, file.toString()));

        assertThat(settings.password()).contains("from-env");
    }

    @Test
    void noPasswordWhenNeitherVariableIsSet() {
        assertThat(JdbcSettings.fromEnvironment(URL, "writer", Map.of()).password()).isEmpty();
    }

    @Test
    void missingPasswordFileIsReportedWithTheVariableAndPath() {
        String missing = dir.resolve("nope").toString();

        assertThatThrownBy(() -> JdbcSettings.fromEnvironment(
                        URL, "writer", Map.of(JdbcSettings.PASSWORD_FILE_ENV, missing)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("CANDLESTREAM_JDBC_PASSWORD_FILE names '" + missing + "', which cannot be read");
    }

    @Test
    void emptyPasswordFileIsRejected() throws IOException {
        Path file = Files.writeString(dir.resolve("pw"), " \n");

        assertThatThrownBy(() -> JdbcSettings.fromEnvironment(
                        URL, "writer", Map.of(JdbcSettings.PASSWORD_FILE_ENV, file.toString())))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("which is empty");
    }

    @Test
    void toStringShowsUrlAndUserButNeverThePassword() {
        JdbcSettings settings = JdbcSettings.of(URL + "?ssl=true&password=inurl", "writer", "s3cret");

        assertThat(settings.toString())
                .isEqualTo("JdbcSettings{url=" + URL + "?ssl=true&password=***, user=writer, password=***}")
                .doesNotContain("s3cret", "inurl");
        assertThat(JdbcSettings.of(URL, "writer", null).toString()).endsWith("password=none}");
    }

    @Test
    void urlThatIsNotPostgresIsRejectedNamingTheOption() {
        assertThatThrownBy(() -> JdbcSettings.of("jdbc:mysql://db/candles", "writer", null))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("--jdbc-url must be a PostgreSQL JDBC URL starting with 'jdbc:postgresql:'"
                        + " (e.g. jdbc:postgresql://localhost:5432/candles), got 'jdbc:mysql://db/candles'");
        assertThatThrownBy(() -> JdbcSettings.of(null, "writer", null))
                .hasMessageStartingWith("--jdbc-url must be a PostgreSQL JDBC URL")
                .hasMessageEndingWith("got nothing");
    }

    @Test
    void rejectedUrlIsShownWithoutItsPassword() {
        assertThatThrownBy(() -> JdbcSettings.of("postgres://db/c?password=s3cret", "writer", null))
                .hasMessageEndingWith("got 'postgres://db/c?password=***'");
    }

    @Test
    void urlThatRewritesBatchesIntoOneStatementIsRejected() {
        assertThatThrownBy(() -> JdbcSettings.of(URL + "?reWriteBatchedInserts=true", "writer", null))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("--jdbc-url must not set reWriteBatchedInserts=true");
    }

    @Test
    void noUserMeansTheDriversDefaultTheOperatingSystemUser() {
        assertThat(JdbcSettings.of(URL, null, null).user()).isEqualTo(System.getProperty("user.name"));
    }

    @Test
    void blankUserIsRejectedNamingTheOption() {
        assertThatThrownBy(() -> JdbcSettings.of(URL, " ", null))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("--jdbc-user must name a database user, got nothing");
    }

    @Test
    void unreachableDatabaseGivesOneLineMessageWithoutThePassword() throws IOException {
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        String url = "jdbc:postgresql://localhost:" + port + "/candles";
        JdbcSettings settings = JdbcSettings.of(url, "writer", "s3cret");

        assertThatThrownBy(() -> settings.checkReachable(Duration.ofSeconds(2)))
                .isInstanceOf(DatabaseUnreachableException.class)
                .hasMessage("cannot reach PostgreSQL at " + url + " as user 'writer': Connection refused."
                        + " Check --jdbc-url and --jdbc-user, that the server runs, and CANDLESTREAM_JDBC_PASSWORD"
                        + " (or CANDLESTREAM_JDBC_PASSWORD_FILE).")
                .message()
                .doesNotContain("s3cret")
                .doesNotContain("\n");
    }

    @Test
    void connectionOptionsCarryUserPasswordAndTimeouts() {
        JdbcSettings settings = JdbcSettings.of(URL, "writer", "s3cret");

        assertThat(settings.connectionOptions().getDbURL()).isEqualTo(URL);
        assertThat(settings.connectionOptions().getUsername()).contains("writer");
        assertThat(settings.connectionOptions().getPassword()).contains("s3cret");
        assertThat(settings.connectionOptions().getProperties())
                .containsEntry("connectTimeout", "10")
                .containsEntry("socketTimeout", "60");
    }
}
