package io.candlestream.simulator.binance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.candlestream.simulator.SimulatorStats;
import io.candlestream.simulator.ws.WsRejected;
import io.candlestream.simulator.ws.WsUpgradeRequest;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class StreamProtocolTest {

    private final StreamProtocol protocol =
            new StreamProtocol(new WsControlRequests(new ObjectMapper()), new SimulatorStats());

    private static WsUpgradeRequest upgrade(String path, String rawQuery) {
        return new WsUpgradeRequest(path, rawQuery, List.of(), Map.of());
    }

    @Test
    void handshakeRoutesRawAndCombinedStreams() throws WsRejected {
        StreamSession combined = protocol.accept(upgrade("/stream", "streams=xrpeth@aggTrade/BTCUSDT@aggtrade")).session();
        assertThat(combined.isCombined()).isTrue();
        assertThat(combined.subscriptions()).containsExactly("xrpeth@aggTrade", "btcusdt@aggTrade");
        StreamSession raw = protocol.accept(upgrade("/ws/btcusdt@aggTrade", null)).session();
        assertThat(raw.isCombined()).isFalse();
        assertThat(raw.subscriptions()).containsExactly("btcusdt@aggTrade");
        assertThatThrownBy(() -> protocol.accept(upgrade("/other", null)))
                .isInstanceOfSatisfying(WsRejected.class, e -> assertThat(e.status()).isEqualTo(404));
    }

    @Test
    void noSubprotocolIsSelectedAndAnInvalidStreamNameIsRejectedWith400() throws WsRejected {
        assertThat(protocol.accept(new WsUpgradeRequest("/ws", null, List.of("graphql-ws"), Map.of())).subprotocol())
                .isNull();
        assertThatThrownBy(() -> protocol.accept(upgrade("/ws/not-a-stream", null)))
                .isInstanceOfSatisfying(WsRejected.class, e -> assertThat(e.status()).isEqualTo(400));
    }

    @Test
    void tradesAreFramedOnlyForSubscribersAndWrappedOnCombinedConnections() throws WsRejected {
        AggTrade trade = new AggTrade("BTCUSDT", 7, "1.00000000", "2.00000000", 10, 11, 1000, true);
        StreamSession combined = protocol.accept(upgrade("/stream", "streams=btcusdt@aggTrade")).session();
        StreamSession raw = protocol.accept(upgrade("/ws/btcusdt@aggTrade", null)).session();
        StreamSession other = protocol.accept(upgrade("/ws/ethusdt@aggTrade", null)).session();
        AggTradeEvent event = new AggTradeEvent(trade, 1005);
        assertThat(protocol.frame(raw, event)).isEqualTo(BinanceWireFormat.aggTradeEvent(trade, 1005));
        assertThat(protocol.frame(combined, event)).startsWith("{\"stream\":\"btcusdt@aggTrade\",\"data\":{");
        assertThat(protocol.frame(other, event)).isNull();
    }
}
