package io.candlestream.simulator.bitquery;

import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * A Uniswap V3 pool: its contract address (what Bitquery's {@code Trade.Dex.SmartContract} names) and its two tokens
 * in the pool's own order ({@code token0} has the lower address, as Uniswap sorts them).
 */
public record SwapPool(String address, TokenInfo token0, TokenInfo token1) {

    private static final Pattern ADDRESS = Pattern.compile("0x[0-9a-f]{40}");

    /** USDC/WETH 0.3 %, one of the two pools of {@code /work/shared/data/uniswap-v3-eth}. */
    public static final SwapPool USDC_WETH =
            new SwapPool("0x8ad599c3a0ff1de082011efddc58f1908eb6e6d8", TokenInfo.USDC, TokenInfo.WETH);
    /** WETH/oSQTH, the other pool of the shared data. */
    public static final SwapPool WETH_OSQTH =
            new SwapPool("0x82c427adfdf2d245ec51d8046b41c4ee87f0d29c", TokenInfo.WETH, TokenInfo.OSQTH);

    /**
     * WETH/USDT 0.05 %: the rest of the chain's DEX activity ({@link OtherDexActivity}), a pool no replay serves, so a
     * subscription or query filtered by the served pools never sees its swaps.
     */
    public static final SwapPool OTHER =
            new SwapPool("0x11b815efb8f581194ae79006d24e0d814b7697f6", TokenInfo.WETH, TokenInfo.USDT);

    /** The pools whose tokens the tick-CSV reader knows. */
    public static final List<SwapPool> KNOWN = List.of(USDC_WETH, WETH_OSQTH);

    public SwapPool {
        address = Objects.requireNonNull(address, "address").toLowerCase(Locale.ROOT);
        if (!ADDRESS.matcher(address).matches()) {
            throw new IllegalArgumentException("pool address: expected 0x and 40 hex digits, was '" + address + "'");
        }
        Objects.requireNonNull(token0, "token0");
        Objects.requireNonNull(token1, "token1");
        if (token0.address().equals(token1.address())) {
            throw new IllegalArgumentException("pool " + address + ": token0 and token1 are the same token "
                    + token0.address());
        }
    }

    /** The known pool at {@code address} (any case). */
    public static Optional<SwapPool> known(String address) {
        String wanted = address.toLowerCase(Locale.ROOT);
        return KNOWN.stream().filter(p -> p.address().equals(wanted)).findFirst();
    }
}
