package io.candlestream.simulator.kraken;

import io.candlestream.model.Cursor;
import io.candlestream.simulator.SimTrade;
import io.candlestream.simulator.SyntheticTradeSource;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.Objects;

/**
 * One Kraken spot trade as the simulated exchange holds it: the pair in WebSocket v2 form ({@code BTC/USDT}), the
 * dense {@code trade_id}, price and volume as the exact decimal strings Kraken writes, and the trade time as exact
 * decimal seconds finer than a millisecond ({@code 1762795433.9717445}, as REST writes it).
 *
 * @param symbol    the pair, v2 form, upper case
 * @param tradeId   Kraken's trade id, dense per pair
 * @param price     price as written on the wire
 * @param volume    volume as written on the wire
 * @param seconds   trade time in epoch seconds, exact
 * @param buy       whether the taker bought ({@code b}) or sold ({@code s})
 * @param market    whether the taker order was a market ({@code m}) or limit ({@code l}) order
 */
public record KrakenTrade(String symbol, long tradeId, String price, String volume, BigDecimal seconds, boolean buy,
        boolean market) implements SimTrade {

    public KrakenTrade {
        Objects.requireNonNull(symbol, "symbol");
        Objects.requireNonNull(price, "price");
        Objects.requireNonNull(volume, "volume");
        Objects.requireNonNull(seconds, "seconds");
    }

    /**
     * A shape of synthetic draws as Kraken's trades, for one pair's source: the sequence is the trade id, and the
     * millisecond gets a sub-millisecond part (in steps of 100 ns, as REST writes it) that never decreases within a
     * millisecond, so times ascend along the stream as Kraken's do and the trade stays in its millisecond. Not
     * thread-safe: one per trade source.
     */
    public static SyntheticTradeSource.Shape<KrakenTrade> shape() {
        return new SyntheticTradeSource.Shape<>() {
            private long lastMillis = Long.MIN_VALUE;
            private long lastTenths = -1;

            @Override
            public KrakenTrade of(SyntheticTradeSource.Draw draw) {
                long spread = Math.floorMod(draw.sequence() * 7919L, 10_000L); // 0..9999 × 100 ns
                long tenths = draw.time() == lastMillis ? Math.min(9_999, Math.max(spread, lastTenths + 1)) : spread;
                lastMillis = draw.time();
                lastTenths = tenths;
                BigDecimal seconds = BigDecimal.valueOf(draw.time() * 10_000L + tenths, 7);
                return new KrakenTrade(draw.symbol(), draw.sequence(), draw.price(), draw.quantity(), seconds,
                        !draw.buyerMaker(), draw.sequence() % 3 == 0);
            }
        };
    }

    /** The trade id as the stream position. */
    @Override
    public Cursor cursor() {
        return Cursor.ofId(tradeId);
    }

    /** The time floored to its millisecond. */
    @Override
    public long time() {
        return seconds.movePointRight(3).setScale(0, RoundingMode.FLOOR).longValueExact();
    }

    /** The time in epoch nanoseconds, floored: what REST's {@code since} and {@code last} count. */
    public long nanos() {
        return seconds.movePointRight(9).setScale(0, RoundingMode.FLOOR).longValueExact();
    }

    /** The time in epoch microseconds, floored: what the WebSocket's RFC 3339 timestamp shows. */
    public long micros() {
        return seconds.movePointRight(6).setScale(0, RoundingMode.FLOOR).longValueExact();
    }
}
