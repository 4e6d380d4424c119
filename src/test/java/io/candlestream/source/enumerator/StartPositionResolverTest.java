package io.candlestream.source.enumerator;

import static org.assertj.core.api.Assertions.assertThat;

import io.candlestream.config.StartPosition;
import io.candlestream.feed.HistoryClient;
import io.candlestream.feed.binance.BinanceFeed;
import io.candlestream.model.Cursor;
import io.candlestream.model.Gap;
import io.candlestream.model.StreamId;
import io.candlestream.model.Trade;
import io.candlestream.source.split.StreamSplit;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

class StartPositionResolverTest {

    private static final StreamId STREAM = StreamId.of("binance", "BTCUSDT");
    private static final long T0 = Instant.parse("2024-01-01T00:07:00Z").toEpochMilli();

    @Test
    void instantStartsRightBeforeTheFirstTradeAtOrAfterIt() {
        MarketHistory market = new MarketHistory(trade(10, T0 - 5), trade(11, T0), trade(12, T0 + 5));
        StreamSplit split = new StartPositionResolver(new BinanceFeed(), market)
                .resolve(STREAM, StartPosition.parse("2024-01-01T00:07:00Z"));
        assertThat(split).isEqualTo(new StreamSplit(STREAM, Cursor.ofId(10), T0));
    }

    @Test
    void aQuietMarketStartsAfterItsNewestTrade() {
        MarketHistory market = new MarketHistory(trade(10, T0 - 5_000));
        StreamSplit split = new StartPositionResolver(new BinanceFeed(), market)
                .resolve(STREAM, StartPosition.parse("2024-01-01T00:07:00Z"));
        assertThat(split.lastCursor()).isEqualTo(Cursor.ofId(10));
    }

    @Test
    void aTradeArrivingBetweenTheTwoLookUpsIsNotSkipped() {
        MarketHistory market = new MarketHistory(trade(10, T0 - 5_000));
        // The first look-up finds nothing since T0; before the second, two trades of T0's minute arrive.
        market.afterFirstLookUp = () -> market.trades.addAll(List.of(trade(11, T0 + 30_000), trade(12, T0 + 31_000)));
        StreamSplit split = new StartPositionResolver(new BinanceFeed(), market)
                .resolve(STREAM, StartPosition.parse("2024-01-01T00:07:00Z"));
        assertThat(split.lastCursor()).as("start right before trade 11, the minute's first").isEqualTo(Cursor.ofId(10));
    }

    @Test
    void idStartSkipsTheBucketsThatBeginAtOrBeforeThatTrade() {
        MarketHistory market = new MarketHistory(trade(10, T0 - 5), trade(11, T0 + 7));
        StreamSplit split = new StartPositionResolver(new BinanceFeed(), market).resolve(STREAM, StartPosition.parse("id:11"));
        assertThat(split).isEqualTo(new StreamSplit(STREAM, Cursor.ofId(10), T0 + 8));
    }

    private static Trade trade(long id, long time) {
        return new Trade(STREAM, Cursor.ofId(id), time, new BigDecimal("1.00"), BigDecimal.ONE, 1);
    }

    /** An in-memory history whose contents a test can change between look-ups. */
    private static final class MarketHistory implements HistoryClient {
        final List<Trade> trades = new ArrayList<>();
        Runnable afterFirstLookUp = () -> {};

        MarketHistory(Trade... trades) {
            this.trades.addAll(List.of(trades));
        }

        @Override
        public CompletableFuture<List<Trade>> fetch(Gap gap) {
            throw new UnsupportedOperationException("not used by the resolver");
        }

        @Override
        public CompletableFuture<Optional<Trade>> firstTradeAtOrAfter(StreamId stream, long epochMillis) {
            Optional<Trade> first = trades.stream().filter(t -> t.time() >= epochMillis).findFirst();
            afterFirstLookUp.run();
            afterFirstLookUp = () -> {};
            return CompletableFuture.completedFuture(first);
        }

        @Override
        public CompletableFuture<Optional<Trade>> tradeAt(StreamId stream, Cursor cursor) {
            return CompletableFuture.completedFuture(trades.stream().filter(t -> t.cursor().equals(cursor)).findFirst());
        }

        @Override
        public CompletableFuture<Optional<Trade>> latestTrade(StreamId stream) {
            return CompletableFuture.completedFuture(trades.isEmpty() ? Optional.empty()
                    : Optional.of(trades.get(trades.size() - 1)));
        }

        @Override
        public CompletableFuture<Long> serverTime() {
            return CompletableFuture.completedFuture(T0 + 45_000);
        }

        @Override
        public void close() {}
    }
}
