package io.candlestream.feed.bitquery;

import static org.assertj.core.api.Assertions.assertThat;

import io.candlestream.model.Cursor;
import io.candlestream.model.Trade;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class BitquerySessionTest {

    /** USDC/WETH 0.05 %: token0 USDC (6 decimals), token1 WETH (18). */
    private static final String POOL = "0x88e6a0c2ddd26feeb64f039a2c41296fcb3f5640";
    private static final String USDC = "0xa0b86991c6218b36c1d19d4a2e9eb0ce3606eb48";
    private static final String WETH = "0xc02aaa39b223fe8d0a0e5c4f27ead9083c756cc2";
    private static final String OTHER_POOL = "0x4e68ccd3e89f51c3074ca5072bbac773960dfa36";
    private static final long T0 = 1_704_067_200L;
    private static final int END = BitqueryFeed.LAST_INDEX;

    private final RecordedSignals out = new RecordedSignals();

    private static BitquerySession session(BitqueryProtocol protocol) {
        return new BitquerySession(List.of(POOL, POOL + ":token1"), protocol, 2);
    }

    /** A swap that paid {@code usdc} USDC into the pool and {@code weth} WETH out. */
    private static String row(long block, int index, String usdcIn, String wethOut) {
        return "{\"Block\":{\"Number\":\"" + block + "\",\"Hash\":\"0xh" + block + "\",\"Time\":\""
                + Instant.ofEpochSecond(T0 + 12 * block) + "\"},\"Log\":{\"Index\":" + index + "},\"Trade\":{"
                + "\"Buy\":{\"Amount\":\"" + usdcIn + "\",\"Currency\":{\"SmartContract\":\"" + USDC
                + "\",\"Decimals\":6}},\"Sell\":{\"Amount\":\"" + wethOut + "\",\"Currency\":{\"SmartContract\":\""
                + WETH + "\",\"Decimals\":18}},\"Dex\":{\"SmartContract\":\"" + POOL + "\"}}}";
    }

    private static String portion(BitqueryProtocol protocol, String... rows) {
        return "{\"id\":\"1\",\"type\":\"" + protocol.data() + "\",\"payload\":{\"data\":{\"EVM\":{\"DEXTrades\":["
                + String.join(",", rows) + "]}}}}";
    }

    private static String block(BitqueryProtocol protocol, long block) {
        return portion(protocol, row(block, 3, "2000", "1"), row(block, 7, "1000.5", "0.5"));
    }

    private static BitquerySession acknowledged(BitqueryProtocol protocol, RecordedSignals out) {
        BitquerySession session = session(protocol);
        session.onText("{\"type\":\"connection_ack\"}", out);
        return session;
    }

    @ParameterizedTest
    @EnumSource(BitqueryProtocol.class)
    void initialisesThenSubscribesOnceForEveryPoolAfterTheAck(BitqueryProtocol protocol) {
        BitquerySession session = session(protocol);
        assertThat(session.openingFrames()).containsExactly("{\"type\":\"connection_init\",\"payload\":{}}");
        session.onText("{\"type\":\"connection_ack\"}", out);
        session.onText("{\"type\":\"connection_ack\"}", out);
        assertThat(out.lines).hasSize(1);
        assertThat(out.lines.get(0)).startsWith("send {\"id\":\"1\",\"type\":\"" + protocol.subscribe() + "\"")
                .contains("SmartContract: {in: [\\\"" + POOL + "\\\"]}").contains("Decimals");
    }

    @ParameterizedTest
    @EnumSource(BitqueryProtocol.class)
    void releasesBlocksAtTheConfirmationDepthWithExactAmountsAfterSayingWhereCoverageStarts(BitqueryProtocol protocol) {
        BitquerySession session = acknowledged(protocol, out);
        out.lines.clear();
        long first = 100;
        long complete = first + BitquerySession.REORDER_MARGIN + 1;
        // the depth (2) and the reorder margin: a block is released once more than 3 newer blocks came
        for (long b = first; b <= complete + BitquerySession.REORDER_MARGIN; b++) {
            session.onText(block(protocol, b), out);
        }
        assertThat(out.matching("covers")).containsExactly("covers " + new Cursor(complete - 1, END));
        assertThat(out.trades).extracting(Trade::cursor).containsExactly(new Cursor(complete, 3),
                new Cursor(complete, 3), new Cursor(complete, 7), new Cursor(complete, 7));
        Trade base0 = out.trades.get(0);
        assertThat(base0.stream().symbol()).isEqualTo(POOL);
        assertThat(base0.quantity()).isEqualByComparingTo("2000");
        assertThat(base0.price()).isEqualByComparingTo("0.0005");
        Trade base1 = out.trades.get(1);
        assertThat(base1.stream().symbol()).isEqualTo(POOL + ":token1");
        assertThat(base1.quantity()).isEqualByComparingTo("1");
        assertThat(base1.price()).isEqualByComparingTo("2000");
        assertThat(out.trades.get(3).quote()).isEqualByComparingTo(new BigDecimal("1000.5"));
        assertThat(out.lines.subList(out.lines.size() - 3, out.lines.size())).containsExactly(
                "safe " + POOL + " " + ((T0 + 12 * complete) * 1000 + 999),
                "safe " + POOL + ":token1 " + ((T0 + 12 * complete) * 1000 + 999),
                "head " + new Cursor(complete, END));
    }

    @ParameterizedTest
    @EnumSource(BitqueryProtocol.class)
    void duplicatedAndReorderedPortionsReleaseEachSwapOnceInCursorOrder(BitqueryProtocol protocol) {
        BitquerySession session = acknowledged(protocol, out);
        session.onText(block(protocol, 100), out);
        long[] order = {105, 104, 104, 106, 107, 105, 109, 108, 110, 112, 113, 114};
        for (long b : order) {
            session.onText(block(protocol, b), out);
        }
        List<Cursor> base0 = out.trades.stream().filter(t -> t.stream().symbol().equals(POOL)).map(Trade::cursor)
                .toList();
        assertThat(base0).containsExactly(new Cursor(104, 3), new Cursor(104, 7), new Cursor(105, 3),
                new Cursor(105, 7), new Cursor(106, 3), new Cursor(106, 7), new Cursor(107, 3), new Cursor(107, 7),
                new Cursor(108, 3), new Cursor(108, 7), new Cursor(109, 3), new Cursor(109, 7), new Cursor(110, 3),
                new Cursor(110, 7));
        assertThat(out.matching("head").get(out.matching("head").size() - 1)).isEqualTo("head " + new Cursor(110, END));
        assertThat(out.matching("reconnect")).isEmpty();
    }

    @Test
    void blocksWithoutSwapsOfOursAreReleasedEmptyAndMoveTheHead() {
        BitquerySession session = acknowledged(BitqueryProtocol.TRANSPORT_WS, out);
        session.onText(block(BitqueryProtocol.TRANSPORT_WS, 100), out);
        session.onText(block(BitqueryProtocol.TRANSPORT_WS, 104), out);
        for (long b = 120; b <= 123; b++) {
            session.onText(block(BitqueryProtocol.TRANSPORT_WS, b), out);
        }
        assertThat(out.matching("head")).containsExactly("head " + new Cursor(104, END), "head " + new Cursor(120, END));
        assertThat(out.trades).extracting(Trade::cursor).extracting(Cursor::height).containsOnly(104L, 120L);
        assertThat(out.matching("safe " + POOL + " ")).containsExactly(
                "safe " + POOL + " " + ((T0 + 12 * 104) * 1000 + 999),
                "safe " + POOL + " " + ((T0 + 12 * 120) * 1000 + 999));
    }

    @Test
    void aPortionWithAnotherHashForAHeldBlockReplacesItAndEveryNewerBlock() {
        BitqueryProtocol p = BitqueryProtocol.TRANSPORT_WS;
        BitquerySession session = acknowledged(p, out);
        session.onText(block(p, 100), out);
        session.onText(block(p, 104), out);
        session.onText(block(p, 105), out);
        session.onText(portion(p, row(105, 9, "10", "0.01").replace("0xh105", "0xfork")), out);
        for (long b = 108; b <= 111; b++) {
            session.onText(block(p, b), out);
        }
        assertThat(out.matching("reorg")).containsExactly("reorg 105..105 2 false");
        assertThat(out.trades.stream().filter(t -> t.stream().symbol().equals(POOL)).map(Trade::cursor)
                .filter(c -> c.height() <= 105))
                .containsExactly(new Cursor(104, 3), new Cursor(104, 7), new Cursor(105, 9));
    }

    @Test
    void aPortionWithAnotherHashForAReleasedBlockIsADeepReorgAndAsksForANewConnection() {
        BitqueryProtocol p = BitqueryProtocol.TRANSPORT_WS;
        BitquerySession session = acknowledged(p, out);
        session.onText(block(p, 100), out);
        for (long b = 104; b <= 108; b++) {
            session.onText(block(p, b), out);
        }
        session.onText(portion(p, row(104, 9, "10", "0.01").replace("0xh104", "0xfork")), out);
        assertThat(out.matching("reorg")).containsExactly("reorg 104..105 0 true");
        assertThat(out.matching("reconnect")).hasSize(1);
    }

    @Test
    void rowsOfOtherPoolsAreIgnored() {
        BitqueryProtocol p = BitqueryProtocol.TRANSPORT_WS;
        BitquerySession session = acknowledged(p, out);
        session.onText(block(p, 100), out);
        session.onText(portion(p, row(104, 1, "5", "0.1").replace(POOL, OTHER_POOL)), out);
        for (long b = 110; b <= 113; b++) {
            session.onText(block(p, b), out);
        }
        assertThat(out.trades).extracting(Trade::cursor).extracting(Cursor::height).containsOnly(110L);
        assertThat(out.matching("head")).containsExactly("head " + new Cursor(110, END));
        assertThat(out.matching("malformed")).isEmpty();
    }

    @Test
    void aPortionArrivingAfterItsBlockWasReleasedAsksForANewConnectionRatherThanLosingIt() {
        BitqueryProtocol p = BitqueryProtocol.TRANSPORT_WS;
        BitquerySession session = acknowledged(p, out);
        session.onText(block(p, 100), out);
        for (long b : new long[] {104, 106, 107, 108, 109}) {
            session.onText(block(p, b), out);
        }
        assertThat(out.matching("head")).containsExactly("head " + new Cursor(104, END), "head " + new Cursor(106, END));
        session.onText(block(p, 105), out);
        assertThat(out.matching("reconnect")).singleElement().asString()
                .contains("the portion of block 105 arrived after blocks up to 106 were released");
    }

    @Test
    void aPoolWhoseDecimalsChangeIsMalformedAndAsksForANewConnectionOnce() {
        BitqueryProtocol p = BitqueryProtocol.TRANSPORT_WS;
        BitquerySession session = acknowledged(p, out);
        session.onText(block(p, 100), out);
        session.onText(portion(p, row(101, 1, "5", "0.1").replace("\"Decimals\":6", "\"Decimals\":8")), out);
        session.onText(block(p, 102), out);
        assertThat(out.matching("malformed")).singleElement().asString().contains("decimals cannot change");
        assertThat(out.matching("reconnect")).hasSize(1);
    }

    @Test
    void anAmountFinerThanItsDecimalsIsMalformed() {
        BitqueryProtocol p = BitqueryProtocol.TRANSPORT_WS;
        BitquerySession session = acknowledged(p, out);
        session.onText(portion(p, row(101, 1, "5.0000001", "0.1")), out);
        assertThat(out.matching("malformed")).singleElement().asString()
                .contains("Trade.Buy.Amount '5.0000001' has more digits than the currency's 6 decimals");
        assertThat(out.matching("reconnect")).hasSize(1);
    }

    @Test
    void keepAlivesOfBothProtocolsKeepTheConnectionAndAPingIsAnswered() {
        BitquerySession session = acknowledged(BitqueryProtocol.TRANSPORT_WS, out);
        long now = 1_000_000;
        session.onTick(now, out);
        for (int s = 1; s <= 30; s++) {
            session.onText(s % 2 == 0 ? "{\"type\":\"pong\"}" : "{\"type\":\"ka\"}", out);
            session.onTick(now + s * 1000L, out);
        }
        session.onText("{\"type\":\"ping\"}", out);
        assertThat(out.matching("reconnect")).isEmpty();
        assertThat(out.lines.get(out.lines.size() - 1)).isEqualTo("send {\"type\":\"pong\"}");
    }

    @Test
    void tenSecondsWithoutAnyFrameAsksForANewConnectionOnce() {
        BitquerySession session = acknowledged(BitqueryProtocol.LEGACY_WS, out);
        long now = 5_000;
        session.onTick(now, out);
        session.onText("{\"type\":\"ka\"}", out);
        session.onTick(now + 1000, out);
        for (int s = 2; s <= 10; s++) {
            session.onTick(now + s * 1000L, out);
        }
        assertThat(out.matching("reconnect")).isEmpty();
        session.onTick(now + 11_000, out);
        session.onTick(now + 12_000, out);
        assertThat(out.matching("reconnect")).singleElement().asString().contains("no data and no keep-alive for 10 s");
    }

    @ParameterizedTest
    @EnumSource(BitqueryProtocol.class)
    void aRefusedSubscriptionIsAnErrorOfEveryStreamAndAsksForANewConnection(BitqueryProtocol protocol) {
        BitquerySession session = acknowledged(protocol, out);
        session.onText("{\"id\":\"1\",\"type\":\"error\",\"payload\":[{\"message\":\"Validation error: field X\"}]}", out);
        assertThat(out.matching("error")).hasSize(2).allSatisfy(l -> assertThat(l).contains("Validation error"));
        assertThat(out.matching("reconnect")).hasSize(1);
    }

    @Test
    void aCloseWith1013IsExplainedWithWhatToDoAndOtherClosesAreLeftToTheEngine() {
        BitquerySession session = session(BitqueryProtocol.TRANSPORT_WS);
        assertThat(session.closeAdvice(1013, "client is not consuming messages fast enough"))
                .contains("1013").contains("narrow the subscription").contains("--symbols");
        assertThat(session.closeAdvice(1001, "going away")).isNull();
        assertThat(session.closeAdvice(4400, "Invalid message")).isNull();
    }

    @Test
    void aCompletedSubscriptionAsksForANewConnection() {
        BitquerySession session = acknowledged(BitqueryProtocol.TRANSPORT_WS, out);
        session.onText("{\"id\":\"1\",\"type\":\"complete\"}", out);
        assertThat(out.matching("reconnect")).singleElement().asString().contains("completed the subscription");
    }

    @Test
    void noFrameOrMessageTheSessionSendsOrSignalsCarriesTheToken() {
        String token = "bq-secret-token-1234";
        BitqueryFeed feed = BitqueryFeed.withToken("graphql-ws", 2, token);
        var request = feed.liveRequest("wss://streaming.bitquery.io/graphql", List.of(POOL));
        assertThat(request.url()).endsWith("?token=" + token);
        assertThat(request.subprotocol()).isEqualTo("graphql-ws");
        assertThat(request.toString()).doesNotContain(token);
        assertThat(request.endpoint()).isEqualTo("wss://streaming.bitquery.io:443");
        BitquerySession session = (BitquerySession) feed.newSession(List.of(POOL));
        session.openingFrames().forEach(f -> assertThat(f).doesNotContain(token));
        session.onText("{\"type\":\"connection_ack\"}", out);
        session.onText(block(BitqueryProtocol.LEGACY_WS, 100), out);
        session.onText("{\"type\":\"nonsense\"}", out);
        assertThat(out.lines).isNotEmpty().allSatisfy(l -> assertThat(l).doesNotContain(token));
    }

    @Test
    void aMissingTokenIsAnErrorThatSaysWhereToPutIt() {
        BitqueryFeed feed = new BitqueryFeed(BitqueryProtocol.TRANSPORT_WS, 2, java.util.Optional::empty);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> feed.liveRequest("wss://x.example/graphql",
                List.of(POOL))).hasMessageContaining("CANDLESTREAM_BITQUERY_TOKEN")
                .hasMessageContaining("CANDLESTREAM_BITQUERY_TOKEN_FILE");
    }
}
