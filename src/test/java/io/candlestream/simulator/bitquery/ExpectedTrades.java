package io.candlestream.simulator.bitquery;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * The tests' own reading of DEX-trade rows: a row on the wire becomes a key (block, log, pool, the currency and raw
 * amount the pool received and paid), checked against the swap it claims to be with arithmetic of the test's own
 * (the decimal string scaled back to raw units must give the event's amount exactly), never through the simulator's
 * formatting code.
 */
final class ExpectedTrades {

    /** One trade as block, log index, pool, and the signed raw amounts the Swap event would have. */
    record Key(long block, int logIndex, String pool, String blockHash, String txHash, BigInteger amount0,
            BigInteger amount1) {
    }

    private ExpectedTrades() {
    }

    /** The key of a simulator swap, read from its event fields. */
    static Key of(DexSwap swap) {
        return new Key(swap.blockNumber(), swap.logIndex(), swap.pool().address(), swap.blockHash(), swap.txHash(),
                swap.amount0(), swap.amount1());
    }

    static List<Key> of(Collection<DexSwap> swaps) {
        return swaps.stream().map(ExpectedTrades::of).toList();
    }

    /**
     * The key a wire row states: Buy is what the pool received (positive in the event), Sell what it paid out
     * (negative); the amounts must be plain decimal strings that scale back to whole raw units.
     */
    static Key ofRow(JsonNode row, List<SwapPool> pools) {
        String pool = row.path("Trade").path("Dex").path("SmartContract").asText();
        SwapPool known = pools.stream().filter(p -> p.address().equals(pool)).findFirst()
                .orElseThrow(() -> new AssertionError("row of an unknown pool " + pool + ": " + row));
        JsonNode buy = row.path("Trade").path("Buy");
        JsonNode sell = row.path("Trade").path("Sell");
        BigInteger bought = raw(buy);
        BigInteger sold = raw(sell);
        String boughtToken = buy.path("Currency").path("SmartContract").asText();
        String soldToken = sell.path("Currency").path("SmartContract").asText();
        BigInteger amount0;
        BigInteger amount1;
        if (boughtToken.equals(known.token0().address()) && soldToken.equals(known.token1().address())) {
            amount0 = bought;
            amount1 = sold.negate();
        } else if (boughtToken.equals(known.token1().address()) && soldToken.equals(known.token0().address())) {
            amount0 = sold.negate();
            amount1 = bought;
        } else {
            throw new AssertionError("currencies " + boughtToken + "/" + soldToken + " are not pool " + pool + "'s");
        }
        assertThat(row.path("Block").path("Number").isTextual()).as("Block.Number is a string").isTrue();
        return new Key(Long.parseLong(row.path("Block").path("Number").asText()), row.path("Log").path("Index").asInt(),
                pool, row.path("Block").path("Hash").asText(), row.path("Transaction").path("Hash").asText(), amount0,
                amount1);
    }

    private static BigInteger raw(JsonNode side) {
        String amount = side.path("Amount").asText();
        assertThat(amount).as("a plain decimal string").matches("(0|[1-9][0-9]*)(\\.[0-9]*[1-9])?");
        int decimals = side.path("Currency").path("Decimals").asInt();
        return new BigDecimal(amount).movePointRight(decimals).toBigIntegerExact();
    }

    /** The keys of every row of {@code response.data.EVM.DEXTrades}. */
    static List<Key> ofRows(JsonNode dexTrades, List<SwapPool> pools) {
        List<Key> keys = new ArrayList<>();
        for (JsonNode row : dexTrades) {
            keys.add(ofRow(row, pools));
        }
        return keys;
    }
}
