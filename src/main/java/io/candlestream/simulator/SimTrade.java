package io.candlestream.simulator;

import io.candlestream.model.Cursor;

/**
 * One trade as a simulated exchange holds it, whatever its protocol: the symbol it belongs to, its position in the
 * symbol's stream (a {@link Cursor}: Binance's aggregate trade id as the height, or a block feed's block and log
 * index) and its time. Each protocol's record adds the fields its wire format writes (Binance: price, quantity, the
 * raw-trade range {@code f..l}). Implementations are immutable.
 */
public interface SimTrade {

    /** The upper-case symbol the trade belongs to, e.g. {@code XRPETH}. */
    String symbol();

    /** The trade's position in its symbol's stream; positions ascend along the stream. */
    Cursor cursor();

    /** Trade time in epoch milliseconds; never decreases along the stream. */
    long time();
}
