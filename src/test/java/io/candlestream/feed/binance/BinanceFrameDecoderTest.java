package io.candlestream.feed.binance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.candlestream.feed.MalformedFrameException;
import io.candlestream.model.Cursor;
import io.candlestream.model.StreamId;
import io.candlestream.model.Trade;
import java.math.BigDecimal;
import java.util.List;
import org.junit.jupiter.api.Test;

class BinanceFrameDecoderTest {

    private static final String PAYLOAD = "{\"e\":\"aggTrade\",\"E\":1700000000123,\"s\":\"XRPETH\",\"a\":4242,"
            + "\"p\":\"0.00153620\",\"q\":\"97.00000000\",\"f\":9000,\"l\":9002,\"T\":1700000000100,\"m\":true,\"M\":true}";

    private final BinanceFrameDecoder decoder = new BinanceFrameDecoder();

    @Test
    void decodesCombinedStreamFrame() throws Exception {
        List<Trade> trades = decoder.decode("{\"stream\":\"xrpeth@aggTrade\",\"data\":" + PAYLOAD + "}");

        assertThat(trades).containsExactly(new Trade(StreamId.of("binance", "XRPETH"), Cursor.ofId(4242),
                1700000000100L, new BigDecimal("0.00153620"), new BigDecimal("97.00000000"), 3));
    }

    @Test
    void decodesRawPayload() throws Exception {
        List<Trade> trades = decoder.decode(PAYLOAD);

        assertThat(trades).singleElement().satisfies(trade -> {
            assertThat(trade.stream()).isEqualTo(new StreamId("binance", "XRPETH"));
            assertThat(trade.cursor()).isEqualTo(Cursor.ofId(4242));
            assertThat(trade.rawTrades()).isEqualTo(3);
        });
    }

    @Test
    void keepsDecimalsExactlyAsWritten() throws Exception {
        Trade trade = decoder.decode(PAYLOAD.replace("0.00153620", "0.00000001")
                .replace("97.00000000", "123456789.12345678")).get(0);

        assertThat(trade.price().toPlainString()).isEqualTo("0.00000001");
        assertThat(trade.price().scale()).isEqualTo(8);
        assertThat(trade.quantity()).isEqualTo(new BigDecimal("123456789.12345678"));
        assertThat(trade.quoteQuantity()).isEqualTo(new BigDecimal("1.2345678912345678E0"));
    }

    @Test
    void subscriptionAnswersCarryNoTrades() throws Exception {
        assertThat(decoder.decode("{\"result\":null,\"id\":1}")).isEmpty();
        assertThat(decoder.decode("{\"result\":[\"xrpeth@aggTrade\"],\"id\":3}")).isEmpty();
    }

    @Test
    void errorAnswerIsMalformedAndSaysItIsAnError() {
        String frame = "{\"error\":{\"code\":2,\"msg\":\"Invalid request: unknown variant\"},\"id\":7}";
        assertMalformed(frame, "error answer");
        assertMalformed(frame, "Invalid request");
    }

    @Test
    void nonJsonIsMalformed() {
        assertMalformed("hello", "not valid JSON");
    }

    @Test
    void truncatedFrameIsMalformed() {
        assertMalformed("{\"stream\":\"xrpeth@aggTrade\",\"data\":{\"e\":\"aggTrade\",\"s\":\"XRP", "not valid JSON");
    }

    @Test
    void trailingGarbageIsMalformed() {
        assertMalformed(PAYLOAD + "}", "not valid JSON");
    }

    @Test
    void emptyFrameIsMalformed() {
        assertMalformed("", "empty");
    }

    @Test
    void missingFieldIsMalformed() {
        assertMalformed(PAYLOAD.replace("\"a\":4242,", ""), "\"a\"");
        assertMalformed(PAYLOAD.replace("\"T\":1700000000100,", ""), "\"T\"");
        assertMalformed(PAYLOAD.replace("\"s\":\"XRPETH\",", ""), "\"s\"");
    }

    @Test
    void wrongTypeIsMalformed() {
        assertMalformed(PAYLOAD.replace("\"p\":\"0.00153620\"", "\"p\":0.00153620"), "decimal string");
        assertMalformed(PAYLOAD.replace("\"a\":4242", "\"a\":\"4242\""), "64-bit integer");
        assertMalformed(PAYLOAD.replace("\"f\":9000", "\"f\":9000.5"), "64-bit integer");
        assertMalformed(PAYLOAD.replace("\"q\":\"97.00000000\"", "\"q\":\"97,0\""), "decimal string");
        assertMalformed("[1,2]", "JSON object");
    }

    @Test
    void firstTradeIdAfterLastIsMalformed() {
        assertMalformed(PAYLOAD.replace("\"f\":9000", "\"f\":9003"), "f <= last trade id l");
    }

    @Test
    void nonPositivePriceIsMalformed() {
        assertMalformed(PAYLOAD.replace("0.00153620", "-0.00153620"), "positive price");
        assertMalformed(PAYLOAD.replace("0.00153620", "0.00000000"), "positive price");
    }

    @Test
    void negativeQuantityIsMalformed() {
        assertMalformed(PAYLOAD.replace("97.00000000", "-1"), "non-negative quantity");
    }

    @Test
    void streamNameMustMatchSymbol() {
        assertMalformed("{\"stream\":\"btcusdt@aggTrade\",\"data\":" + PAYLOAD + "}", "xrpeth@aggTrade");
    }

    @Test
    void otherEventTypesAreMalformed() {
        assertMalformed(PAYLOAD.replace("\"e\":\"aggTrade\"", "\"e\":\"trade\""), "\"aggTrade\"");
    }

    @Test
    void combinedFrameWithoutDataObjectIsMalformed() {
        assertMalformed("{\"stream\":\"xrpeth@aggTrade\",\"data\":5}", "\"data\"");
    }

    private void assertMalformed(String frame, String expectedInMessage) {
        assertThatThrownBy(() -> decoder.decode(frame))
                .isInstanceOf(MalformedFrameException.class)
                .hasMessageContaining(expectedInMessage)
                .satisfies(e -> assertThat(((MalformedFrameException) e).excerpt())
                        .isEqualTo(frame.length() <= 200 ? frame : frame.substring(0, 200) + "…"))
                .satisfies(e -> assertThat(e.getMessage()).contains("got: "));
    }
}
