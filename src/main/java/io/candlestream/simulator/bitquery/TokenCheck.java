package io.candlestream.simulator.bitquery;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Optional;

/**
 * Checks a client's token against the simulator's in constant time and says how Bitquery answers otherwise: no token
 * is 401 "Unauthorized" ({@code docs/authorization/how-to-generate.md}: "If the token is invalid, you get
 * 'Unauthorized' message"), a wrong one 403 (the gateway's refusal, {@code docs/start/errors.md}). The token itself
 * never appears in a message.
 */
final class TokenCheck {

    /** Why a request is refused: the HTTP status and the one-line message. */
    record Refusal(int status, String message) {
    }

    private final byte[] expected;

    TokenCheck(String token) {
        this.expected = token.getBytes(StandardCharsets.UTF_8);
    }

    /** The refusal for {@code presented} (empty: no token given), or empty when it is the right token. */
    Optional<Refusal> check(Optional<String> presented, String howToSend) {
        if (presented.isEmpty() || presented.get().isEmpty()) {
            return Optional.of(new Refusal(401, "Unauthorized: no token; " + howToSend));
        }
        if (!MessageDigest.isEqual(expected, presented.get().getBytes(StandardCharsets.UTF_8))) {
            return Optional.of(new Refusal(403, "Forbidden: the token is not valid (expired or revoked?); generate"
                    + " a new one"));
        }
        return Optional.empty();
    }

    /** The decoded value of query parameter {@code name} in {@code rawQuery} (null: no query). */
    static Optional<String> queryParameter(String rawQuery, String name) {
        if (rawQuery == null) {
            return Optional.empty();
        }
        for (String pair : rawQuery.split("&")) {
            int eq = pair.indexOf('=');
            if (eq > 0 && pair.substring(0, eq).equals(name)) {
                return Optional.of(URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
            }
        }
        return Optional.empty();
    }

    /** The token of an {@code Authorization: Bearer <token>} header value. */
    static Optional<String> bearer(Optional<String> authorization) {
        return authorization.filter(v -> v.regionMatches(true, 0, "Bearer ", 0, 7)).map(v -> v.substring(7).trim());
    }
}
