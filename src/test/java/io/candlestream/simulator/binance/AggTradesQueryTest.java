package io.candlestream.simulator.binance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Set;
import org.junit.jupiter.api.Test;

class AggTradesQueryTest {

    private static final Set<String> SYMBOLS = Set.of("XRPETH");

    @Test
    void defaultsLimitTo500() throws BinanceApiException {
        assertThat(AggTradesQuery.parse("symbol=XRPETH&fromId=7", SYMBOLS))
                .isEqualTo(new AggTradesQuery("XRPETH", 7L, null, null, 500));
    }

    @Test
    void refusesBadParametersWithBinanceCodes() {
        assertCode(null, -1102);
        assertCode("symbol=xrpeth", -1100);
        assertCode("symbol=BTCUSDT", -1121);
        assertCode("symbol=XRPETH&limit=0", -1130);
        assertCode("symbol=XRPETH&limit=1001", -1130);
        assertCode("symbol=XRPETH&limit=ten", -1100);
        assertCode("symbol=XRPETH&fromId=-1", -1100);
        assertCode("symbol=XRPETH&fromId=1&startTime=5", -1128);
        assertCode("symbol=XRPETH&startTime=6&endTime=5", -1128);
    }

    private static void assertCode(String query, int code) {
        assertThatThrownBy(() -> AggTradesQuery.parse(query, SYMBOLS))
                .isInstanceOfSatisfying(BinanceApiException.class, e -> {
                    assertThat(e.code()).as(query).isEqualTo(code);
                    assertThat(e.httpStatus()).isEqualTo(400);
                });
    }
}
