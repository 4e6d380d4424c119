package io.candlestream.feed.kraken;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.candlestream.feed.HistoryException;
import io.candlestream.feed.MalformedFrameException;
import io.candlestream.history.RejectedAnswerException;
import io.candlestream.model.StreamId;
import io.candlestream.model.Trade;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Kraken's REST answers: Trades rows with exact decimals and floored sub-millisecond times, the {@code last} cursor,
 * errors inside a 200 (rate limits, transient, final), and the page check of the time-paged history.
 */
class KrakenTradesTest {

    private static final StreamId BTC = StreamId.of("kraken", "BTC/USD");
    private static final KrakenPairs.RestPair PAIR = new KrakenPairs.RestPair("XXBTZUSD", "XBTUSD");

    private static String page(String rows, String last) {
        return "{\"error\":[],\"result\":{\"XXBTZUSD\":[" + rows + "],\"last\":\"" + last + "\"}}";
    }

    private static String row(long id, String seconds) {
        return "[\"30243.40000\",\"0.34507674\"," + seconds + ",\"b\",\"m\",\"\"," + id + "]";
    }

    @Test
    void readsTradesRowsWithExactDecimalsAndTheNanosecondCursor() throws Exception {
        KrakenTrades.Page page = KrakenTrades.page(page(row(61044952, "1688669597.8277369"), "1688671969993150842"),
                BTC, PAIR);

        assertThat(page.last()).isEqualTo(1688671969993150842L);
        Trade trade = page.trades().get(0).trade();
        assertThat(trade.price().toPlainString()).isEqualTo("30243.40000");
        assertThat(trade.quantity().toPlainString()).isEqualTo("0.34507674");
        assertThat(trade.time()).isEqualTo(1688669597827L);
        assertThat(page.trades().get(0).nanos()).isEqualTo(1688669597827736900L);
    }

    @Test
    void floorsARestTradeOneMicrosecondBeforeAMinuteBoundaryIntoTheMinuteBeforeIt() throws Exception {
        long boundary = Instant.parse("2025-11-10T17:25:00Z").toEpochMilli();
        String justBefore = new BigDecimal(boundary).movePointLeft(3).subtract(new BigDecimal("0.000001"))
                .toPlainString();

        KrakenTrades.Page page = KrakenTrades.page(page(row(1, justBefore), "0"), BTC, PAIR);

        assertThat(justBefore).endsWith("99.999999");
        assertThat(page.trades().get(0).trade().time()).isEqualTo(boundary - 1);
        assertThat(KrakenTimes.restSecondsToMillis(new BigDecimal(justBefore)) / 60_000).isEqualTo(boundary / 60_000 - 1);
    }

    @Test
    void findsTheRowsUnderTheAltnameWhenTheKeyIsAbsent() throws Exception {
        String body = "{\"error\":[],\"result\":{\"XBTUSD\":[" + row(5, "1.5") + "],\"last\":\"1500000000\"}}";

        assertThat(KrakenTrades.page(body, BTC, PAIR).trades()).hasSize(1);
    }

    @Test
    void readsKrakensRateLimitsInsideA200AsRateLimits() {
        assertThat(KrakenAnswers.INSTANCE.rateLimit(200, "{\"error\":[\"EGeneral:Too many requests\"]}"))
                .contains("EGeneral:Too many requests");
        assertThat(KrakenAnswers.INSTANCE.rateLimit(200, "{\"error\":[\"EGeneral:Temporary lockout\"]}"))
                .contains("EGeneral:Temporary lockout");
        assertThat(KrakenAnswers.INSTANCE.rateLimit(200, page(row(1, "1.0"), "1"))).isEmpty();
    }

    @Test
    void retriesTransientServiceErrorsAndFailsAtOnceOnAnUnknownPair() {
        assertThatThrownBy(() -> KrakenTrades.page("{\"error\":[\"EService:Unavailable\"]}", BTC, PAIR))
                .isInstanceOf(MalformedFrameException.class).hasMessageContaining("EService:Unavailable");
        assertThatThrownBy(() -> KrakenTrades.page("{\"error\":[\"EQuery:Unknown asset pair\"]}", BTC, PAIR))
                .isInstanceOf(HistoryException.class).hasMessageContaining("EQuery:Unknown asset pair");
    }

    @Test
    void rejectsRowsThatAreNotTradesAndIdsThatDoNotAscend() {
        assertThatThrownBy(() -> KrakenTrades.page(page("[1,2]", "1"), BTC, PAIR))
                .isInstanceOf(MalformedFrameException.class).hasMessageContaining("expected a trade row");
        assertThatThrownBy(() -> KrakenTrades.page(page(row(5, "1.0") + "," + row(5, "1.1"), "1"), BTC, PAIR))
                .isInstanceOf(MalformedFrameException.class).hasMessageContaining("ids to ascend");
    }

    private static KrakenTrades.Page ids(long... ids) throws Exception {
        StringBuilder rows = new StringBuilder();
        for (int i = 0; i < ids.length; i++) {
            rows.append(i == 0 ? "" : ",").append(row(ids[i], "100" + i + ".5"));
        }
        return KrakenTrades.page(page(rows.toString(), "9"), BTC, PAIR);
    }

    private static List<Long> kept(TimePagedTrades.Step step) {
        return step.kept().stream().map(t -> t.cursor().height()).toList();
    }

    @Test
    void pageCheckSkipsIdsBeforeTheRangeAndDropsIdsPastItsEnd() throws Exception {
        TimePagedTrades.Step step = TimePagedTrades.check(ids(8, 9, 10, 11, 12, 13), 0, 10, 13, "body");

        assertThat(kept(step)).containsExactly(10L, 11L, 12L);
        assertThat(step.nextId()).isEqualTo(13);
    }

    @Test
    void pageCheckRejectsAPageThatSkipsAnIdOrStartsAfterTheNextOne() throws Exception {
        assertThatThrownBy(() -> TimePagedTrades.check(ids(10, 11, 13, 14), 0, 10, 20, "body"))
                .isInstanceOf(RejectedAnswerException.class)
                .hasMessageContaining("skips ids: expected id 12 after 11, got 13");
        assertThatThrownBy(() -> TimePagedTrades.check(ids(8, 9, 11), 0, 10, 20, "body"))
                .isInstanceOf(RejectedAnswerException.class)
                .hasMessageContaining("goes from id 9 to 11, skipping the requested id 10");
        assertThatThrownBy(() -> TimePagedTrades.check(ids(), 0, 10, 20, "body"))
                .isInstanceOf(RejectedAnswerException.class).hasMessageContaining("empty Trades page");
    }

    @Test
    void pageCheckContinuesJustBeforeTheLastTradeOfAPageThatEndsBeforeTheRangeDoes() throws Exception {
        KrakenTrades.Page page = ids(10, 11);
        TimePagedTrades.Step step = TimePagedTrades.check(page, 0, 10, 20, "body");

        assertThat(kept(step)).containsExactly(10L, 11L);
        assertThat(step.nextId()).isEqualTo(12);
        assertThat(step.nextSince()).isEqualTo(page.trades().get(1).nanos() - TimePagedTrades.MARGIN_NANOS);
    }
}
