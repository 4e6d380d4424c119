package io.candlestream.feed.binance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.candlestream.feed.MalformedFrameException;
import io.candlestream.model.Trade;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The decoder's streaming fast path gives exactly the trade the tree decoder gives, whatever the field order or the
 * extra fields, and hands every frame it is not sure of back to the tree decoder (which names the fault).
 */
class AggTradeFrameReaderTest {

    private static final String[] FIELDS = {"\"e\":\"aggTrade\"", "\"E\":1700000000123", "\"s\":\"XRPETH\"",
        "\"a\":4242", "\"p\":\"0.00153620\"", "\"q\":\"97.00000000\"", "\"f\":9000", "\"l\":9002",
        "\"T\":1700000000100", "\"m\":true", "\"M\":true"};

    private final AggTradeFrameReader reader = new AggTradeFrameReader();

    @Test
    void readsTheLiveFrameAsTheTreeDecoderDoesInAnyFieldOrderAndWithFieldsItDoesNotKnow() throws Exception {
        Random random = new Random(7);
        for (int i = 0; i < 500; i++) {
            List<String> fields = new ArrayList<>(List.of(FIELDS));
            if (i % 3 == 0) {
                fields.add("\"x\":{\"nested\":[1,2,{\"a\":\"not the id\"}]}");
            }
            Collections.shuffle(fields, random);
            String data = "{" + String.join(",", fields) + "}";
            String frame = i % 2 == 0 ? "{\"stream\":\"xrpeth@aggTrade\",\"data\":" + data + "}"
                    : "{\"data\":" + data + ",\"stream\":\"xrpeth@aggTrade\"}";

            Trade fast = reader.read(frame);

            assertThat(fast).as(frame).isNotNull().isEqualTo(treeTrade(frame));
        }
    }

    @Test
    void keepsLargeIdsAndExactDecimals() throws Exception {
        String frame = frame(data().replace("4242", "9223372036854775806").replace("0.00153620", "0.00000001")
                .replace("97.00000000", "123456789.12345678"));

        Trade fast = reader.read(frame);

        assertThat(fast).isEqualTo(treeTrade(frame));
        assertThat(fast.price().toPlainString()).isEqualTo("0.00000001");
    }

    @Test
    void handsEveryOtherOrFaultyFrameToTheTreeDecoder() {
        String data = data();
        List<String> notForTheFastPath = List.of(
                data, // a raw payload: the tree decoder reads it
                "{\"result\":null,\"id\":1}",
                "{\"error\":{\"code\":2,\"msg\":\"bad\"},\"id\":7}",
                frame(data).replace("xrpeth@aggTrade", "btcusdt@aggTrade"),
                frame(data.replace("\"a\":4242", "\"a\":\"4242\"")),
                frame(data.replace("\"a\":4242", "\"a\":4242.0")),
                frame(data.replace("\"a\":4242", "\"a\":92233720368547758070")),
                frame(data.replace("\"a\":4242,", "")),
                frame(data.replace("\"p\":\"0.00153620\"", "\"p\":0.0015362")),
                frame(data.replace("0.00153620", "-1")),
                frame(data.replace("0.00153620", "one")),
                frame(data.replace("97.00000000", "-1")),
                frame(data.replace("\"f\":9000", "\"f\":9003")),
                frame(data.replace("\"e\":\"aggTrade\"", "\"e\":\"trade\"")),
                frame(data.replace("\"s\":\"XRPETH\"", "\"s\":\"\"")),
                frame(data.replace("\"T\":1700000000100", "\"T\":null")),
                frame(data.replace("\"a\":4242", "\"a\":4242,\"a\":4243")),
                frame(data) + " {}",
                frame(data) + "garbage",
                frame(data).substring(0, 60),
                "{\"stream\":\"xrpeth@aggTrade\",\"data\":" + data + ",\"id\":1}",
                "{\"stream\":\"xrpeth@aggTrade\",\"data\":[]}",
                "[]",
                "");
        for (String frame : notForTheFastPath) {
            assertThat(reader.read(frame)).as(frame).isNull();
        }
    }

    @Test
    void aFaultyFrameStillGetsTheTreeDecodersError() {
        BinanceFrameDecoder decoder = new BinanceFrameDecoder();

        assertThatThrownBy(() -> decoder.decode(frame(data().replace("\"f\":9000", "\"f\":9003"))))
                .isInstanceOf(MalformedFrameException.class).hasMessageContaining("f <= last trade id l");
    }

    private static String data() {
        return "{" + String.join(",", FIELDS) + "}";
    }

    private static String frame(String data) {
        return "{\"stream\":\"xrpeth@aggTrade\",\"data\":" + data + "}";
    }

    private static Trade treeTrade(String frame) throws MalformedFrameException {
        List<Trade> trades = new BinanceFrameDecoder().decode(BinanceAggTrades.readTree(frame, "a frame"), frame);
        assertThat(trades).hasSize(1);
        return trades.get(0);
    }
}
