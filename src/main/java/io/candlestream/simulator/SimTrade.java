package io.candlestream.simulator;

import java.util.Objects;

/**
 * One aggregate trade as the simulated exchange holds it, with price and quantity kept as the exact decimal strings
 * Binance writes (for example {@code "0.00153620"}), so the wire carries them byte for byte.
 *
 * @param symbol     upper-case symbol, e.g. {@code XRPETH}
 * @param aggId      aggregate trade id ({@code a})
 * @param price      price as written on the wire ({@code p})
 * @param quantity   quantity as written on the wire ({@code q})
 * @param firstId    first raw trade id covered ({@code f}), inclusive
 * @param lastId     last raw trade id covered ({@code l}), inclusive
 * @param time       trade time in epoch milliseconds ({@code T})
 * @param buyerMaker whether the buyer was the maker ({@code m})
 */
public record SimTrade(
        String symbol, long aggId, String price, String quantity, long firstId, long lastId, long time,
        boolean buyerMaker) {

    public SimTrade {
        Objects.requireNonNull(symbol, "symbol");
        Objects.requireNonNull(price, "price");
        Objects.requireNonNull(quantity, "quantity");
        if (lastId < firstId) {
            throw new IllegalArgumentException(
                    "lastId must be >= firstId, was firstId=" + firstId + " lastId=" + lastId + " (aggId " + aggId + ")");
        }
    }
}
