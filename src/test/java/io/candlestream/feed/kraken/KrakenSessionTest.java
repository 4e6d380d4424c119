package io.candlestream.feed.kraken;

import static org.assertj.core.api.Assertions.assertThat;

import io.candlestream.feed.LiveSession;
import io.candlestream.feed.LiveSignals;
import io.candlestream.feed.MalformedFrameException;
import io.candlestream.model.Cursor;
import io.candlestream.model.StreamId;
import io.candlestream.model.Trade;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Kraken's WebSocket v2 session: one subscribe for every pair with {@code snapshot: false}, trade frames with exact
 * decimals and floored times, acks and heartbeats as life without data, refusals as errors that name the pair,
 * Kraken's ping on the tick, symbol changes on the open connection, malformed frames attributed to their pair.
 */
class KrakenSessionTest {

    private static final StreamId BTC = StreamId.of("kraken", "BTC/USD");
    private static final StreamId ETH = StreamId.of("kraken", "ETH/EUR");

    /** Records every signal as a line, and the trades themselves. */
    private static final class Recorded implements LiveSignals {
        final List<String> lines = new ArrayList<>();
        final List<Trade> trades = new ArrayList<>();

        @Override
        public void trades(List<Trade> batch) {
            trades.addAll(batch);
            batch.forEach(t -> lines.add("trade " + t.stream() + " " + t.cursor()));
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
            lines.add("malformed " + stream + " " + error.getMessage());
        }
    }

    private static String trade(String symbol, long id, String price, String qty, String timestamp) {
        return "{\"channel\":\"trade\",\"type\":\"update\",\"data\":[{\"symbol\":\"" + symbol + "\",\"side\":\"buy\","
                + "\"price\":" + price + ",\"qty\":" + qty + ",\"ord_type\":\"limit\",\"trade_id\":" + id
                + ",\"timestamp\":\"" + timestamp + "\"}]}";
    }

    @Test
    void subscribesEveryPairToTradesWithoutSnapshotInOneRequest() {
        LiveSession session = new KrakenFeed().newSession(List.of("BTC/USD", "ETH/EUR"));

        assertThat(session.openingFrames()).containsExactly("{\"method\":\"subscribe\",\"params\":{\"channel\":"
                + "\"trade\",\"symbol\":[\"BTC/USD\",\"ETH/EUR\"],\"snapshot\":false},\"req_id\":1}");
    }

    @Test
    void readsPriceAndQuantityAsExactDecimalsFromJsonNumbers() {
        LiveSession session = new KrakenFeed().newSession(List.of("BTC/USD"));
        Recorded out = new Recorded();

        session.onText(trade("BTC/USD", 4665846, "0.10000000000000000555", "6423.46326",
                "2023-09-25T07:48:36.925533Z"), out);

        assertThat(out.trades).hasSize(1);
        Trade t = out.trades.get(0);
        assertThat(t.cursor()).isEqualTo(Cursor.ofId(4665846));
        assertThat(t.price()).isEqualByComparingTo(new BigDecimal("0.10000000000000000555"));
        assertThat(t.price().toPlainString()).isEqualTo("0.10000000000000000555");
        assertThat(t.quantity().toPlainString()).isEqualTo("6423.46326");
        assertThat(t.rawTrades()).isEqualTo(1);
        assertThat(t.time()).isEqualTo(Instant.parse("2023-09-25T07:48:36.925Z").toEpochMilli());
    }

    @Test
    void floorsATradeOneMicrosecondBeforeAMinuteBoundaryIntoTheMinuteBeforeIt() {
        LiveSession session = new KrakenFeed().newSession(List.of("BTC/USD"));
        Recorded out = new Recorded();

        session.onText(trade("BTC/USD", 7, "100.0", "1", "2023-09-25T07:48:59.999999Z"), out);

        long boundary = Instant.parse("2023-09-25T07:49:00Z").toEpochMilli();
        assertThat(out.trades.get(0).time()).isEqualTo(boundary - 1);
        assertThat(out.trades.get(0).time() / 60_000).isEqualTo(boundary / 60_000 - 1);
    }

    @Test
    void treatsAcksHeartbeatsStatusAndPongsAsLifeWithoutData() {
        LiveSession session = new KrakenFeed().newSession(List.of("BTC/USD"));
        Recorded out = new Recorded();

        session.onText("{\"method\":\"subscribe\",\"result\":{\"channel\":\"trade\",\"snapshot\":false,\"symbol\":"
                + "\"BTC/USD\"},\"success\":true,\"time_in\":\"x\",\"time_out\":\"y\",\"req_id\":1}", out);
        session.onText("{\"channel\":\"heartbeat\"}", out);
        session.onText("{\"channel\":\"status\",\"type\":\"update\",\"data\":[{\"system\":\"online\"}]}", out);
        session.onText("{\"method\":\"pong\",\"req_id\":5,\"time_in\":\"x\",\"time_out\":\"y\"}", out);

        assertThat(out.lines).isEmpty();
    }

    @Test
    void reportsAPairKrakenRefusesAsAnErrorOfThatStreamNamingIt() {
        LiveSession session = new KrakenFeed().newSession(List.of("BTC/USD", "ETH/EUR"));
        Recorded out = new Recorded();
        session.openingFrames();

        session.onText("{\"error\":\"Currency pair not supported ETH/EUR\",\"method\":\"subscribe\",\"req_id\":1,"
                + "\"success\":false,\"symbol\":\"ETH/EUR\",\"time_in\":\"x\",\"time_out\":\"y\"}", out);

        assertThat(out.lines).hasSize(1);
        assertThat(out.lines.get(0)).startsWith("error kraken:ETH/EUR Kraken refused to subscribe trade for ETH/EUR: "
                + "Currency pair not supported ETH/EUR");
    }

    @Test
    void sendsKrakensApplicationPingOnEveryTick() {
        LiveSession session = new KrakenFeed().newSession(List.of("BTC/USD"));
        Recorded out = new Recorded();
        session.openingFrames();

        session.onTick(0, out);
        session.onTick(1, out);

        assertThat(session.tickInterval()).isPositive();
        assertThat(out.lines).containsExactly("send {\"method\":\"ping\",\"req_id\":2}",
                "send {\"method\":\"ping\",\"req_id\":3}");
    }

    @Test
    void subscribesAddedAndUnsubscribesRemovedPairsOnTheOpenConnection() {
        LiveSession session = new KrakenFeed().newSession(List.of("BTC/USD"));
        Recorded out = new Recorded();
        session.openingFrames();

        boolean inPlace = session.changeSymbols(List.of("ETH/EUR"), out);
        session.onText(trade("ETH/EUR", 3, "2000.5", "0.1", "2024-01-01T00:00:00.000001Z"), out);
        session.onText(trade("BTC/USD", 4, "2000.5", "0.1", "2024-01-01T00:00:00.000001Z"), out);

        assertThat(inPlace).isTrue();
        assertThat(out.lines.get(0)).isEqualTo("send {\"method\":\"subscribe\",\"params\":{\"channel\":\"trade\","
                + "\"symbol\":[\"ETH/EUR\"],\"snapshot\":false},\"req_id\":2}");
        assertThat(out.lines.get(1)).isEqualTo("send {\"method\":\"unsubscribe\",\"params\":{\"channel\":\"trade\","
                + "\"symbol\":[\"BTC/USD\"]},\"req_id\":3}");
        assertThat(out.lines.get(2)).isEqualTo("trade kraken:ETH/EUR 3");
        assertThat(out.lines.get(3)).startsWith("malformed null expected trades of [ETH/EUR], got a trade of \"BTC/USD\"");
    }

    @Test
    void attributesMalformedFramesToThePairTheyName() {
        LiveSession session = new KrakenFeed().newSession(List.of("BTC/USD", "ETH/EUR"));
        Recorded out = new Recorded();

        session.onText("{\"channel\":\"trade\",\"type\":\"update\",\"data\":[{\"symbol\":\"BTC/USD\",\"pri", out);
        session.onText(trade("ETH/EUR", 1, "\"oops\"", "1", "2024-01-01T00:00:00Z"), out);
        session.onText(trade("ETH/EUR", 2, "1.5", "1", "yesterday"), out);
        session.onText("{\"channel\":\"book\",\"data\":[]}", out);
        session.onText("[1,2]", out);

        assertThat(out.lines).hasSize(5);
        assertThat(out.lines.get(0)).startsWith("malformed kraken:BTC/USD expected a Kraken WebSocket v2 frame");
        assertThat(out.lines.get(1)).startsWith("malformed kraken:ETH/EUR expected \"price\" to be a decimal");
        assertThat(out.lines.get(2)).startsWith("malformed kraken:ETH/EUR expected \"timestamp\" as an RFC 3339 time");
        assertThat(out.lines.get(3)).startsWith("malformed null expected a trade, heartbeat or status channel frame");
        assertThat(out.lines.get(4)).startsWith("malformed null expected a Kraken WebSocket v2 frame: a JSON object");
    }
}
