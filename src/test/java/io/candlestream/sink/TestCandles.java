package io.candlestream.sink;

import io.candlestream.model.Candle;
import io.candlestream.model.StreamId;

import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;

/** Candles for the sink tests, and the JDBC batch the connector executes, written out for direct tests. */
final class TestCandles {

    static final StreamId BTC = StreamId.of("binance", "BTCUSDT");
    static final StreamId ETH = StreamId.of("binance", "ETHUSDT");

    private TestCandles() {}

    /** A 1m candle whose prices and cursors are derived from {@code close} and {@code lastCursor}. */
    static Candle candle(StreamId stream, String interval, String bucketStart, String close, long lastCursor) {
        BigDecimal c = new BigDecimal(close);
        return new Candle(
                stream,
                interval,
                Instant.parse(bucketStart).toEpochMilli(),
                c.subtract(new BigDecimal("0.5")),
                c.add(BigDecimal.ONE),
                c.subtract(BigDecimal.ONE),
                c,
                new BigDecimal("12.345"),
                c.multiply(new BigDecimal("12.345")),
                7,
                lastCursor - 6,
                lastCursor);
    }

    /** The same candle after one more (late) trade at {@code price}. */
    static Candle withLateTrade(Candle candle, String price, String quantity) {
        BigDecimal p = new BigDecimal(price);
        BigDecimal q = new BigDecimal(quantity);
        return new Candle(
                candle.stream(),
                candle.interval(),
                candle.bucketStart(),
                candle.open(),
                candle.high().max(p),
                candle.low().min(p),
                candle.close(),
                candle.volume().add(q),
                candle.quoteVolume().add(p.multiply(q)),
                candle.tradeCount() + 1,
                candle.firstCursor(),
                candle.lastCursor());
    }

    /** Executes {@code candles} as one JDBC batch of {@link CandleSink#UPSERT_SQL}, as the connector's writer does. */
    static void upsertBatch(Connection connection, List<Candle> candles) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(CandleSink.UPSERT_SQL)) {
            for (Candle candle : candles) {
                CandleSink.bind(statement, candle);
                statement.addBatch();
            }
            statement.executeBatch();
        }
    }
}
