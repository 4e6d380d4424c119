package io.candlestream.sink;

/**
 * PostgreSQL could not be reached or refused the login; the message is one line saying what to check, and never
 * contains the password.
 */
public final class DatabaseUnreachableException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final String url;
    private final String user;

    /**
     * @param url the JDBC URL, already redacted
     * @param user the database user
     * @param reason why the connection failed, one line, e.g. {@code Connection refused}
     */
    public DatabaseUnreachableException(String url, String user, String reason, Throwable cause) {
        super("cannot reach PostgreSQL at " + url + " as user '" + user + "': " + reason
                + ". Check --jdbc-url and --jdbc-user, that the server runs, and " + JdbcSettings.PASSWORD_ENV
                + " (or " + JdbcSettings.PASSWORD_FILE_ENV + ").", cause);
        this.url = url;
        this.user = user;
    }

    /** The JDBC URL that was tried (password parameter masked). */
    public String url() {
        return url;
    }

    /** The database user that was tried. */
    public String user() {
        return user;
    }
}
