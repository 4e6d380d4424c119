package io.candlestream.feed.kraken;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.candlestream.config.InvalidOptionException;
import io.candlestream.config.JobOptions;
import io.candlestream.feed.Feeds;
import io.candlestream.feed.HistoryCost;
import io.candlestream.feed.HistoryException;
import io.candlestream.model.Cursor;
import io.candlestream.model.Gap;
import io.candlestream.model.StreamId;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Kraken on the command line and in the engine: {@code --feed kraken}, pairs written the v2 way, the AssetPairs
 * resolution of a v2 name to REST's, dense chunks of at most one page, and the dry run's cost in requests.
 */
class KrakenOptionsTest {

    @Test
    void isRegisteredAsKrakenWithItsPublicEndpoints() {
        assertThat(Feeds.byName("kraken")).isEqualTo(new KrakenFeed());
        assertThat(Feeds.options("kraken").defaultWsUrl()).isEqualTo("wss://ws.kraken.com/v2");
        assertThat(Feeds.options("kraken").defaultRestUrl()).isEqualTo("https://api.kraken.com");
    }

    @Test
    void writesPairsTheWayWebSocketV2DoesWhateverCodesAreGiven() {
        KrakenOptions options = new KrakenOptions();

        assertThat(options.symbol(" btc/usd ")).isEqualTo("BTC/USD");
        assertThat(options.symbol("XBT/USDT")).isEqualTo("BTC/USDT");
        assertThat(options.symbol("XDG/EUR")).isEqualTo("DOGE/EUR");
        assertThat(JobOptions.parse("--feed", "kraken", "--symbols", "XBT/USDT,ETH/EUR", "--jdbc-url",
                "jdbc:postgresql://db/market").symbols()).containsExactly("BTC/USDT", "ETH/EUR");
    }

    @Test
    void refusesAPairWithoutASlashNamingTheOptionAndTheSyntax() {
        assertThatThrownBy(() -> new KrakenOptions().symbol("XBTUSDT"))
                .isInstanceOf(InvalidOptionException.class)
                .hasMessageContaining("--symbols")
                .hasMessageContaining("'XBTUSDT' is not a Kraken pair")
                .hasMessageContaining("e.g. BTC/USD");
    }

    @Test
    void resolvesAV2NameThroughAssetPairsByItsWsname() throws Exception {
        String body = "{\"error\":[],\"result\":{\"XXBTZUSD\":{\"altname\":\"XBTUSD\",\"wsname\":\"XBT/USD\"},"
                + "\"XBTUSDT\":{\"altname\":\"XBTUSDT\",\"wsname\":\"XBT/USDT\"}}}";

        assertThat(KrakenPairs.resolve(body, "BTC/USD")).isEqualTo(new KrakenPairs.RestPair("XXBTZUSD", "XBTUSD"));
        assertThat(KrakenPairs.resolve(body, "BTC/USDT")).isEqualTo(new KrakenPairs.RestPair("XBTUSDT", "XBTUSDT"));
        assertThatThrownBy(() -> KrakenPairs.resolve(body, "ETH/EUR")).isInstanceOf(HistoryException.class)
                .hasMessageContaining("Kraken lists no pair ETH/EUR");
    }

    @Test
    void cutsAGapIntoDenseChunksOfAtMostOnePage() {
        StreamId btc = StreamId.of("kraken", "BTC/USD");
        List<Gap> chunks = new KrakenFeed().chunk(new Gap(btc, Cursor.ofId(99), Cursor.ofId(2_101)));

        assertThat(chunks).containsExactly(new Gap(btc, Cursor.ofId(99), Cursor.ofId(1_100)),
                new Gap(btc, Cursor.ofId(1_099), Cursor.ofId(2_100)),
                new Gap(btc, Cursor.ofId(2_099), Cursor.ofId(2_101)));
        assertThat(new KrakenFeed().follows(Cursor.ofId(5), Cursor.ofId(6))).isTrue();
        assertThat(new KrakenFeed().follows(Cursor.ofId(5), Cursor.ofId(7))).isFalse();
    }

    @Test
    void pricesHistoryInRequestsAtKrakensPublicRate() {
        HistoryCost cost = new KrakenOptions().cost(10_500, null);

        assertThat(cost.requests()).isEqualTo(13);
        assertThat(cost.unit()).isEqualTo("requests");
        assertThat(cost.atLimit().toSeconds()).isEqualTo(13);
    }
}
