package io.candlestream.feed.chain;

import io.candlestream.config.InvalidOptionException;
import java.io.Serializable;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * One pool stream as {@code --symbols} and the {@code symbol} column write it: the pool address in lower case,
 * followed by {@code :token1} when the base token (the one volume is counted in, and prices are per) is token1; token0
 * is the default and is written without a suffix.
 *
 * @param pool the pool contract, {@code 0x} and 40 lower-case hex digits
 * @param baseIsToken1 whether token1 is the base token
 */
public record PoolSymbol(String pool, boolean baseIsToken1) implements Serializable {

    private static final Pattern ADDRESS = Pattern.compile("0x[0-9a-f]{40}");

    public PoolSymbol {
        if (!ADDRESS.matcher(pool).matches()) {
            throw new IllegalArgumentException("not a lower-case pool address: " + pool);
        }
    }

    /**
     * Parses one symbol of {@code --symbols} (case-insensitive, {@code :token0} or {@code :token1} optional).
     *
     * @throws InvalidOptionException for {@code --symbols}, with the syntax and an example
     */
    public static PoolSymbol parse(String given) {
        String text = given.trim().toLowerCase(Locale.ROOT);
        boolean token1 = false;
        int colon = text.indexOf(':');
        if (colon >= 0) {
            String suffix = text.substring(colon + 1);
            if (!suffix.equals("token0") && !suffix.equals("token1")) {
                throw new InvalidOptionException("--symbols", "'" + given.trim() + "': the base token is :token0 or "
                        + ":token1, not :" + suffix);
            }
            token1 = suffix.equals("token1");
            text = text.substring(0, colon);
        }
        if (!ADDRESS.matcher(text).matches()) {
            throw new InvalidOptionException("--symbols", "'" + given.trim() + "' is not a pool address; use 0x and "
                    + "40 hex digits, optionally :token1 for token1 as the base, e.g. "
                    + "0x8ad599c3a0ff1de082011efddc58f1908eb6e6d8:token1");
        }
        return new PoolSymbol(text, token1);
    }

    /** The form of the {@code symbol} column. */
    public String symbol() {
        return baseIsToken1 ? pool + ":token1" : pool;
    }

    @Override
    public String toString() {
        return symbol();
    }
}
