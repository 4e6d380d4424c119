package io.candlestream.feed.bitquery;

import io.candlestream.config.EnvSecret;
import java.io.Serializable;
import java.util.Optional;

/**
 * Where a task reads the Bitquery token: {@code CANDLESTREAM_BITQUERY_TOKEN} or the file named by
 * {@code CANDLESTREAM_BITQUERY_TOKEN_FILE}, read when a connection or client is made, so the token itself is never
 * part of the serialized job graph. Tests give a fixed source.
 */
@FunctionalInterface
public interface BitqueryToken extends Serializable {

    /** The token from the task's environment. */
    BitqueryToken FROM_ENV = () -> secret().read(System.getenv());

    /** The token, if one is configured. */
    Optional<String> read();

    /** The token, or an error that says where to put it (it never contains a token). */
    default String require() {
        return read().filter(t -> !t.isBlank()).orElseThrow(() -> new IllegalStateException("no Bitquery token: set "
                + secret().variable() + " or " + secret().fileVariable() + " (a file holding it) in the "
                + "environment of every JobManager and TaskManager"));
    }

    /** The environment variables the token comes from. */
    static EnvSecret secret() {
        return new EnvSecret("CANDLESTREAM_BITQUERY_TOKEN", "bitquery API token");
    }
}
