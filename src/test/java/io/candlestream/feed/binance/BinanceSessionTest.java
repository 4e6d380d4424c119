package io.candlestream.feed.binance;

import static org.assertj.core.api.Assertions.assertThat;

import io.candlestream.feed.LiveSession;
import io.candlestream.feed.LiveSignals;
import io.candlestream.feed.MalformedFrameException;
import io.candlestream.model.Cursor;
import io.candlestream.model.StreamId;
import io.candlestream.model.Trade;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Binance's session: trade frames as the decoder reads them, SUBSCRIBE/UNSUBSCRIBE for symbol changes on the open
 * connection, refused requests as stream errors, malformed frames attributed to the stream they name.
 */
class BinanceSessionTest {

    private static final StreamId XRPETH = StreamId.of("binance", "XRPETH");
    private static final StreamId BTCUSDT = StreamId.of("binance", "BTCUSDT");

    /** Records every signal as a line. */
    private static final class Recorded implements LiveSignals {
        final List<String> lines = new ArrayList<>();

        @Override
        public void trades(List<Trade> trades) {
            trades.forEach(t -> lines.add("trade " + t.stream() + " " + t.cursor()));
        }

        @Override
        public void safeTime(StreamId stream, long epochMillis) {
            lines.add("safe " + stream + " " + epochMillis);
        }

        @Override
        public void head(StreamId stream, Cursor newest) {
            lines.add("head " + stream + " " + newest);
        }

        @Override
        public void send(String frame) {
            lines.add("send " + frame);
        }

        @Override
        public void streamError(StreamId stream, String message) {
            lines.add("error " + stream + " " + message);
        }

        @Override
        public void malformed(StreamId stream, MalformedFrameException error) {
            lines.add("malformed " + stream);
        }
    }

    private static String frame(String symbol, long id) {
        return "{\"stream\":\"" + symbol.toLowerCase() + "@aggTrade\",\"data\":{\"e\":\"aggTrade\",\"E\":1,\"s\":\""
                + symbol + "\",\"a\":" + id + ",\"p\":\"0.5\",\"q\":\"2\",\"f\":1,\"l\":1,\"T\":1000,\"m\":true,"
                + "\"M\":true}}";
    }

    @Test
    void sendsNothingOnOpenAndTurnsTradeFramesIntoTrades() {
        LiveSession session = new BinanceFeed().newSession(List.of("XRPETH"));
        Recorded out = new Recorded();

        session.onText(frame("XRPETH", 42), out);
        session.onText("{\"result\":null,\"id\":9}", out);

        assertThat(session.openingFrames()).isEmpty();
        assertThat(out.lines).containsExactly("trade binance:XRPETH 42");
    }

    @Test
    void subscribesAddedSymbolsOnTheOpenConnectionAndReportsARefusalAsAnErrorOfThoseStreams() {
        LiveSession session = new BinanceFeed().newSession(List.of("XRPETH"));
        Recorded out = new Recorded();

        assertThat(session.changeSymbols(List.of("XRPETH", "BTCUSDT"), out)).isTrue();
        session.onText("{\"error\":{\"code\":2,\"msg\":\"Invalid request\"},\"id\":1}", out);
        assertThat(session.changeSymbols(List.of("BTCUSDT"), out)).isTrue();

        assertThat(out.lines).containsExactly(
                "send {\"method\":\"SUBSCRIBE\",\"params\":[\"btcusdt@aggTrade\"],\"id\":1}",
                "error " + BTCUSDT + " Binance refused the request 1 for [BTCUSDT]: code 2, Invalid request",
                "send {\"method\":\"UNSUBSCRIBE\",\"params\":[\"xrpeth@aggTrade\"],\"id\":2}");
    }

    @Test
    void aMalformedFrameIsAttributedToTheStreamItNamesAndABinaryFrameIsMalformed() {
        LiveSession session = new BinanceFeed().newSession(List.of("XRPETH", "BTCUSDT"));
        Recorded out = new Recorded();

        session.onText("{\"stream\":\"xrpeth@aggTrade\",\"data\":{\"e\":\"aggTrade\",\"s\":\"XRPETH\"}}", out);
        session.onText("{\"stream\":\"xrpeth@aggTr", out);
        session.onText("not json at all", out);
        session.onBinary(new byte[] {1, 2, 3}, out);

        assertThat(out.lines).containsExactly("malformed " + XRPETH, "malformed " + XRPETH, "malformed null",
                "malformed null");
    }
}
