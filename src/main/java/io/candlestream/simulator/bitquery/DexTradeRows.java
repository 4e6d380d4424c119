package io.candlestream.simulator.bitquery;

import java.math.BigDecimal;
import java.math.MathContext;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A swap as a row of Bitquery's {@code EVM_DEXTrade_Cube}, the nested map graphql-java resolves the selection on.
 * Seen from the pool ({@code docs/cubes/dextrades.mdx}, "Analyzing the DEXTrades Output"): {@code Buy} is the token
 * the pool received, {@code Sell} the token it paid out; {@code Buy.Buyer} and {@code Sell.Seller} are the pool.
 * Amounts are exact decimal strings ({@link TokenAmount}); {@code Price} is Bitquery's floating-point price of the
 * side's currency in the other side's currency; {@code Block.Number} is a string, as Bitquery's.
 */
final class DexTradeRows {

    private DexTradeRows() {
    }

    static Map<String, Object> row(DexSwap swap) {
        Map<String, Object> row = new LinkedHashMap<>();
        Instant time = Instant.ofEpochSecond(swap.blockTime());
        row.put("Block", Map.of(
                "Number", Long.toString(swap.blockNumber()),
                "Time", time,
                "Date", time.atOffset(ZoneOffset.UTC).toLocalDate().toString(),
                "Hash", swap.blockHash()));
        row.put("Transaction", Map.of("Hash", swap.txHash(), "Index", swap.txIndex()));
        row.put("Log", Map.of("Index", swap.logIndex(), "SmartContract", swap.pool().address()));
        String bought = TokenAmount.decimal(swap.boughtRaw(), swap.boughtToken().decimals());
        String sold = TokenAmount.decimal(swap.soldRaw(), swap.soldToken().decimals());
        Map<String, Object> buy = new LinkedHashMap<>();
        buy.put("Amount", bought);
        buy.put("Buyer", swap.pool().address());
        buy.put("Price", price(sold, bought));
        buy.put("Currency", currency(swap.boughtToken()));
        Map<String, Object> sell = new LinkedHashMap<>();
        sell.put("Amount", sold);
        sell.put("Seller", swap.pool().address());
        sell.put("Price", price(bought, sold));
        sell.put("Currency", currency(swap.soldToken()));
        Map<String, Object> dex = new LinkedHashMap<>();
        dex.put("SmartContract", swap.pool().address());
        dex.put("ProtocolName", "uniswap_v3");
        dex.put("ProtocolFamily", "Uniswap");
        dex.put("ProtocolVersion", "3");
        dex.put("OwnerAddress", UNISWAP_V3_FACTORY);
        dex.put("Pair", Map.of("SmartContract", swap.pool().address(),
                "Name", swap.pool().token0().symbol() + "/" + swap.pool().token1().symbol()));
        row.put("Trade", Map.of("Buy", buy, "Sell", sell, "Dex", dex));
        return row;
    }

    /** The factory that deployed every Uniswap V3 pool on Ethereum mainnet. */
    static final String UNISWAP_V3_FACTORY = "0x1f98431c8ad98523631ae4a59f267346ea31f984";

    private static Map<String, Object> currency(TokenInfo token) {
        return Map.of("SmartContract", token.address(), "Symbol", token.symbol(), "Name", token.symbol(),
                "Decimals", token.decimals());
    }

    private static double price(String numerator, String denominator) {
        BigDecimal d = new BigDecimal(denominator);
        return d.signum() == 0 ? 0.0 : new BigDecimal(numerator).divide(d, MathContext.DECIMAL64).doubleValue();
    }
}
