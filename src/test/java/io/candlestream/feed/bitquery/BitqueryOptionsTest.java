package io.candlestream.feed.bitquery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.candlestream.config.InvalidOptionException;
import io.candlestream.config.JobOptions;
import io.candlestream.feed.Feeds;
import java.util.Map;
import org.junit.jupiter.api.Test;

class BitqueryOptionsTest {

    private final BitqueryOptions options = new BitqueryOptions();

    @Test
    void defaultsAreBitquerysStreamingEndpointsTheTransportProtocolAndTwelveConfirmations() {
        assertThat(options.defaultWsUrl()).isEqualTo("wss://streaming.bitquery.io/graphql");
        assertThat(options.defaultRestUrl()).isEqualTo("https://streaming.bitquery.io/graphql");
        assertThat(options.needsToken()).isTrue();
        assertThat(options.token().variable()).isEqualTo("CANDLESTREAM_BITQUERY_TOKEN");
        BitqueryFeed feed = (BitqueryFeed) Feeds.byName("bitquery");
        assertThat(feed.subprotocol()).isEqualTo("graphql-transport-ws");
        assertThat(feed.confirmations()).isEqualTo(12);
    }

    @Test
    void theLegacyProtocolAndADepthAreAccepted() {
        BitqueryFeed feed = (BitqueryFeed) options.adapter(Map.of("--bitquery-protocol", "graphql-ws",
                "--confirmations", "3"));
        assertThat(feed.subprotocol()).isEqualTo("graphql-ws");
        assertThat(feed.confirmations()).isEqualTo(3);
    }

    @Test
    void anUnknownProtocolOrFinalizedIsAnErrorNamingTheOption() {
        assertThatThrownBy(() -> options.adapter(Map.of("--bitquery-protocol", "sse")))
                .isInstanceOf(InvalidOptionException.class).hasMessageContaining("--bitquery-protocol")
                .hasMessageContaining("graphql-transport-ws, graphql-ws");
        assertThatThrownBy(() -> options.adapter(Map.of("--confirmations", "finalized")))
                .isInstanceOf(InvalidOptionException.class).hasMessageContaining("--confirmations")
                .hasMessageContaining("no finalized block");
    }

    @Test
    void confirmationsIsAcceptedForBothChainFeedsAndRefusedForOthers() {
        String pool = "0x88e6a0c2ddd26feeb64f039a2c41296fcb3f5640";
        String[] common = {"--symbols", pool, "--jdbc-url", "jdbc:postgresql://localhost/db", "--confirmations", "5"};
        for (String feed : new String[] {"bitquery", "ethereum"}) {
            String[] args = new String[common.length + 2];
            args[0] = "--feed";
            args[1] = feed;
            System.arraycopy(common, 0, args, 2, common.length);
            assertThat(JobOptions.parse(args).feedOptions()).containsEntry("--confirmations", "5");
        }
        assertThatThrownBy(() -> JobOptions.parse(new String[] {"--feed", "binance", "--symbols", "BTCUSDT",
                "--jdbc-url", "jdbc:postgresql://localhost/db", "--confirmations", "5"}))
                .hasMessageContaining("--confirmations").hasMessageContaining("belongs to --feed ethereum");
    }
}
