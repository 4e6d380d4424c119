package io.candlestream.source.suite;

import io.candlestream.config.StartPosition;
import io.candlestream.feed.FeedAdapter;
import io.candlestream.feed.Feeds;
import io.candlestream.feed.HistorySettings;
import io.candlestream.model.Cursor;
import io.candlestream.model.FeedEvent;
import io.candlestream.model.FeedEventTypeInfo;
import io.candlestream.model.StreamId;
import io.candlestream.model.Trade;
import io.candlestream.simulator.binance.AggTrade;
import io.candlestream.source.LiveFeedSource;
import io.candlestream.source.reader.LiveSourceSettings;
import java.math.BigDecimal;
import java.net.URL;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.connector.source.Boundedness;
import org.apache.flink.api.connector.source.Source;
import org.apache.flink.connector.testframe.external.ExternalContextFactory;
import org.apache.flink.connector.testframe.external.ExternalSystemSplitDataWriter;
import org.apache.flink.connector.testframe.external.source.DataStreamSourceExternalContext;
import org.apache.flink.connector.testframe.external.source.TestingSourceSettings;

/**
 * One test case's view of the simulated exchange: split {@code i} is the stream of the case's {@code i}-th symbol, its
 * test data are trades with consecutive ids from 1, and writing them makes them trade live on the simulator.
 */
final class LiveFeedSourceExternalContext implements DataStreamSourceExternalContext<FeedEvent> {

    /** Streams every source of a case reads; the suite writes to at most this many splits. */
    static final int SPLITS = 4;

    private final SimulatedExchange exchange;
    private final List<String> symbols;
    private final FeedAdapter feed = Feeds.byName("binance");
    private final long[] nextId = new long[SPLITS];
    private final long[] lastTime = new long[SPLITS];
    private int writers;

    private LiveFeedSourceExternalContext(SimulatedExchange exchange) {
        this.exchange = exchange;
        this.symbols = exchange.claimSymbols(SPLITS);
        java.util.Arrays.fill(nextId, 1);
    }

    static ExternalContextFactory<LiveFeedSourceExternalContext> factory(SimulatedExchange exchange) {
        return testName -> new LiveFeedSourceExternalContext(exchange);
    }

    /** The live source is unbounded (a market never ends), so a bounded source cannot be made. */
    @Override
    public Source<FeedEvent, ?, ?> createSource(TestingSourceSettings settings) {
        if (settings.getBoundedness() == Boundedness.BOUNDED) {
            throw new UnsupportedOperationException("LiveFeedSource reads a live market feed and is unbounded");
        }
        return createUnboundedSource();
    }

    Source<FeedEvent, ?, ?> createUnboundedSource() {
        List<StreamId> streams = symbols.stream().map(s -> StreamId.of(feed.name(), s)).toList();
        LiveSourceSettings live = LiveSourceSettings.of(exchange.simulator().wsBaseUrl(), Duration.ofSeconds(30),
                Duration.ofMillis(300), 10_000);
        LiveFeedSource source = new LiveFeedSource(feed, streams, StartPosition.latest(), live,
                HistorySettings.defaults(exchange.simulator().restBaseUrl()));
        return new PresetSplitsSource(source, streams, Cursor.ofId(0));
    }

    /** The k-th writer writes split k: the suite creates writers in split order (and one for single-split cases). */
    @Override
    public synchronized ExternalSystemSplitDataWriter<FeedEvent> createSourceSplitDataWriter(
            TestingSourceSettings settings) {
        if (writers >= SPLITS) {
            throw new IllegalStateException("this context has " + SPLITS + " splits");
        }
        String symbol = symbols.get(writers++);
        return new ExternalSystemSplitDataWriter<>() {
            @Override
            public void writeRecords(List<FeedEvent> records) {
                exchange.simulator().appendTrades(symbol, records.stream().map(e -> toSimTrade(symbol, e)).toList());
            }

            @Override
            public void close() {}
        };
    }

    /** 10 to 59 trades of split {@code splitIndex}, continuing its ids, at the exchange's current time. */
    @Override
    public synchronized List<FeedEvent> generateTestData(TestingSourceSettings settings, int splitIndex, long seed) {
        Random random = new Random(seed);
        StreamId stream = StreamId.of(feed.name(), symbols.get(splitIndex));
        long time = Math.max(lastTime[splitIndex], exchange.simulator().clock().nowMillis());
        lastTime[splitIndex] = time;
        int count = 10 + random.nextInt(50);
        List<FeedEvent> trades = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            long raw = 1 + random.nextInt(3);
            trades.add(new Trade(stream, Cursor.ofId(nextId[splitIndex]++), time,
                    BigDecimal.valueOf(1_000_000 + random.nextInt(9_000_000), 4),
                    BigDecimal.valueOf(1 + random.nextInt(100_000), 5), raw));
        }
        return trades;
    }

    private AggTrade toSimTrade(String symbol, FeedEvent event) {
        Trade trade = (Trade) event;
        long lastRaw = trade.cursor().height() * 10 + trade.rawTrades() - 1; // any increasing raw ids will do
        return new AggTrade(symbol, trade.cursor().height(), trade.price().toPlainString(),
                trade.quantity().toPlainString(), lastRaw - trade.rawTrades() + 1, lastRaw, trade.time(), false);
    }

    @Override
    public TypeInformation<FeedEvent> getProducedType() {
        return FeedEventTypeInfo.INSTANCE;
    }

    @Override
    public List<URL> getConnectorJarPaths() {
        return List.of();
    }

    @Override
    public void close() {}

    @Override
    public String toString() {
        return "simulated Binance streams " + symbols;
    }
}
