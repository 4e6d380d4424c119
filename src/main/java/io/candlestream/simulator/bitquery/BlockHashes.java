package io.candlestream.simulator.bitquery;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * Deterministic synthetic block hashes: SHA-256 of the block number and a branch number, as {@code 0x} and 64 hex
 * digits, so the same block always has the same hash and a reorganised block (another branch) a different one.
 */
final class BlockHashes {

    private BlockHashes() {
    }

    /** The hash of block {@code number} on the main chain. */
    static String of(long number) {
        return of(number, 0);
    }

    /** The hash of block {@code number} on {@code branch} (0 is the main chain). */
    static String of(long number, int branch) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            byte[] digest = sha.digest(("candlestream-sim-block:" + number + ":" + branch)
                    .getBytes(StandardCharsets.US_ASCII));
            return "0x" + HexFormat.of().formatHex(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required by every Java runtime", e);
        }
    }
}
