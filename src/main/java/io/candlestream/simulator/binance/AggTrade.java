package io.candlestream.simulator.binance;

import io.candlestream.model.Cursor;
import io.candlestream.simulator.SimTrade;
import io.candlestream.simulator.SyntheticTradeSource;
import java.util.Objects;

/**
 * One Binance aggregate trade as the simulated exchange holds it, with price and quantity kept as the exact decimal
 * strings Binance writes (for example {@code "0.00153620"}), so the wire carries them byte for byte. Its cursor is the
 * aggregate trade id; the raw-trade range {@code f..l} is Binance's own.
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
public record AggTrade(
        String symbol, long aggId, String price, String quantity, long firstId, long lastId, long time,
        boolean buyerMaker) implements SimTrade {

    public AggTrade {
        Objects.requireNonNull(symbol, "symbol");
        Objects.requireNonNull(price, "price");
        Objects.requireNonNull(quantity, "quantity");
        if (lastId < firstId) {
            throw new IllegalArgumentException(
                    "lastId must be >= firstId, was firstId=" + firstId + " lastId=" + lastId + " (aggId " + aggId + ")");
        }
    }

    /** A synthetic draw as Binance shapes it: the sequence is the aggregate id, the raw trades are {@code f..l}. */
    public static AggTrade of(SyntheticTradeSource.Draw draw) {
        return new AggTrade(draw.symbol(), draw.sequence(), draw.price(), draw.quantity(), draw.firstRawId(),
                draw.firstRawId() + draw.rawTrades() - 1, draw.time(), draw.buyerMaker());
    }

    /** The aggregate trade id as the stream position. */
    @Override
    public Cursor cursor() {
        return Cursor.ofId(aggId);
    }
}
