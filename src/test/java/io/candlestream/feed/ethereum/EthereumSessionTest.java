package io.candlestream.feed.ethereum;

import static org.assertj.core.api.Assertions.assertThat;

import io.candlestream.feed.LiveSignals;
import io.candlestream.feed.MalformedFrameException;
import io.candlestream.feed.chain.PoolTokens;
import io.candlestream.model.Cursor;
import io.candlestream.model.StreamId;
import io.candlestream.model.Trade;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class EthereumSessionTest {

    private static final String POOL = RealSwapLogs.USDC_WETH;
    private static final PoolTokens TOKENS = new PoolTokens(POOL, "0xa0b86991c6218b36c1d19d4a2e9eb0ce3606eb48", 6,
            "0xc02aaa39b223fe8d0a0e5c4f27ead9083c756cc2", 18);
    private static final StreamId BASE0 = StreamId.of("ethereum", POOL);
    private static final StreamId BASE1 = StreamId.of("ethereum", POOL + ":token1");
    private static final int END = EthereumFeed.LAST_INDEX;

    /** Every signal as one line, in order. */
    private static final class Recorded implements LiveSignals {
        final List<String> lines = new ArrayList<>();
        final List<Trade> trades = new ArrayList<>();

        @Override
        public void trades(List<Trade> list) {
            trades.addAll(list);
            list.forEach(t -> lines.add("trade " + t.stream().symbol() + " " + t.cursor()));
        }

        @Override
        public void safeTime(StreamId stream, long epochMillis) {
            lines.add("safe " + stream.symbol() + " " + epochMillis);
        }

        @Override
        public void head(StreamId stream, Cursor newest) {
            lines.add("head " + newest);
        }

        @Override
        public void coversAfter(StreamId stream, Cursor position) {
            lines.add("covers " + position);
        }

        @Override
        public void reconnect(String reason) {
            lines.add("reconnect " + reason);
        }

        @Override
        public void reorg(long fromBlock, long toBlock, int droppedLogs, boolean beyondConfirmations) {
            lines.add("reorg " + fromBlock + ".." + toBlock + " " + droppedLogs + " " + beyondConfirmations);
        }

        @Override
        public void send(String frame) {
            lines.add("send " + frame);
        }

        @Override
        public void streamError(StreamId stream, String message) {
            lines.add("error " + stream.symbol() + " " + message);
        }

        @Override
        public void malformed(StreamId stream, MalformedFrameException error) {
            lines.add("malformed " + error.getMessage());
        }
    }

    private final EthereumSession session = new EthereumSession(List.of(POOL, POOL + ":token1"), Map.of(POOL, TOKENS), 2);
    private final Recorded out = new Recorded();

    private void subscribed() {
        session.onText("{\"jsonrpc\":\"2.0\",\"id\":1,\"result\":\"0xheads\"}", out);
        session.onText("{\"jsonrpc\":\"2.0\",\"id\":2,\"result\":\"0xlogs\"}", out);
    }

    private void head(long n, String fork) {
        String parent = "0x" + (n > 101 && fork.equals("b") ? "b" : "a") + (n - 1);
        session.onText("{\"jsonrpc\":\"2.0\",\"method\":\"eth_subscription\",\"params\":{\"subscription\":\"0xheads\","
                + "\"result\":{\"number\":\"0x" + Long.toHexString(n) + "\",\"hash\":\"0x" + fork + n
                + "\",\"parentHash\":\"" + parent + "\",\"timestamp\":\"0x" + Long.toHexString(1000 + n * 12)
                + "\"}}}", out);
    }

    private void log(long n, String fork, int index) {
        log(n, fork, index, false);
    }

    private void log(long n, String fork, int index, boolean removed) {
        String data = "0x" + SwapLogDecoderTest.word("-4531900819") + SwapLogDecoderTest.word("2000000000000000000")
                + SwapLogDecoderTest.word("1") + SwapLogDecoderTest.word("1") + SwapLogDecoderTest.word("1");
        session.onText("{\"jsonrpc\":\"2.0\",\"method\":\"eth_subscription\",\"params\":{\"subscription\":\"0xlogs\","
                + "\"result\":{\"address\":\"" + POOL + "\",\"topics\":[\"" + SwapLogDecoder.SWAP_TOPIC + "\"],"
                + "\"data\":\"" + data + "\",\"blockNumber\":\"0x" + Long.toHexString(n) + "\",\"blockHash\":\"0x"
                + fork + n + "\",\"logIndex\":\"0x" + Integer.toHexString(index) + "\",\"removed\":" + removed
                + "}}}", out);
    }

    @Test
    void subscribesToHeadsAndToTheSwapLogsOfEveryPoolOnce() {
        assertThat(session.openingFrames()).containsExactly(
                "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"eth_subscribe\",\"params\":[\"newHeads\"]}",
                "{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"eth_subscribe\",\"params\":[\"logs\",{\"address\":[\""
                        + POOL + "\"],\"topics\":[\"" + SwapLogDecoder.SWAP_TOPIC + "\"]}]}");
    }

    @Test
    void coversEveryStreamAfterItsFirstHeadOnceConfirmedThenReleasesConfirmedBlocksInOrder() {
        subscribed();
        head(100, "a");
        log(101, "a", 7);
        log(101, "a", 3);
        head(101, "a");
        head(102, "a");
        assertThat(out.lines).containsExactly("covers 100/" + END);
        head(103, "a");
        assertThat(out.lines).containsExactly("covers 100/" + END,
                "trade " + POOL + " 101/3", "trade " + POOL + ":token1 101/3",
                "trade " + POOL + " 101/7", "trade " + POOL + ":token1 101/7",
                "safe " + POOL + " " + ((1000 + 101 * 12) * 1000L + 999),
                "safe " + POOL + ":token1 " + ((1000 + 101 * 12) * 1000L + 999),
                "head 101/" + END);
        assertThat(out.trades.get(1).price()).isEqualByComparingTo("2265.9504095");
        assertThat(out.trades.get(1).time()).isEqualTo((1000 + 101 * 12) * 1000L);
    }

    @Test
    void aReorgInsideTheWindowReleasesOnlyTheCanonicalChainsSwaps() {
        subscribed();
        head(100, "a");
        head(101, "a");
        log(101, "a", 1);
        log(101, "a", 1, true);
        log(101, "a", 2);
        head(101, "b");
        log(101, "b", 5);
        head(102, "b");
        head(103, "b");
        assertThat(out.lines).contains("reorg 101..101 1 false");
        assertThat(out.trades).extracting(Trade::cursor).containsExactly(new Cursor(101, 5), new Cursor(101, 5));
        assertThat(out.lines).noneMatch(l -> l.startsWith("reconnect"));
    }

    @Test
    void aHeadBeforeBothSubscriptionsStandIsNotTakenAsTheStartOfCoverage() {
        session.onText("{\"jsonrpc\":\"2.0\",\"id\":1,\"result\":\"0xheads\"}", out);
        head(100, "a");
        session.onText("{\"jsonrpc\":\"2.0\",\"id\":2,\"result\":\"0xlogs\"}", out);
        head(101, "a");
        head(102, "a");
        head(103, "a");
        assertThat(out.lines).first().isEqualTo("covers 101/" + END);
    }

    @Test
    void aMalformedNotificationIsReportedAndAsksForANewConnectionOnce() {
        subscribed();
        session.onText("{\"jsonrpc\":\"2.0\",\"method\":\"eth_subscription\",\"params\":{\"subscription\":\"0xlogs\","
                + "\"result\":{\"address\":\"" + POOL + "\",\"topics\":[\"" + SwapLogDecoder.SWAP_TOPIC + "\"],"
                + "\"data\":\"0x12\"}}}", out);
        session.onText("not json", out);
        assertThat(out.lines).hasSize(2);
        assertThat(out.lines.get(0)).startsWith("malformed").contains("5 words");
        assertThat(out.lines.get(1)).startsWith("reconnect");
    }

    @Test
    void aRefusedSubscriptionIsAnErrorOfEveryStream() {
        session.onText("{\"jsonrpc\":\"2.0\",\"id\":2,\"error\":{\"code\":-32602,\"message\":\"invalid address\"}}", out);
        assertThat(out.lines).filteredOn(l -> l.startsWith("error")).hasSize(2)
                .allMatch(l -> l.contains("eth_subscribe logs refused: invalid address"));
    }

    @Test
    void finalizedDepthAsksTheNodeForItsFinalizedBlockOnTheSocket() {
        EthereumSession finalized = new EthereumSession(List.of(POOL), Map.of(POOL, TOKENS), -1);
        assertThat(finalized.tickInterval()).isNotNull();
        finalized.onTick(0, out);
        assertThat(out.lines).singleElement().asString().contains("eth_getBlockByNumber").contains("finalized");
    }
}
