package io.candlestream.feed.binance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.candlestream.feed.CursorCodec;
import io.candlestream.model.Cursor;
import io.candlestream.model.Gap;
import io.candlestream.model.StreamId;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.time.Duration;
import java.util.List;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;

class BinanceFeedTest {

    private static final StreamId XRPETH = StreamId.of("binance", "XRPETH");

    private final BinanceFeed feed = new BinanceFeed();

    @Test
    void liveUrlCombinesLowerCaseAggTradeStreams() {
        assertThat(feed.liveUrl("wss://stream.binance.com:9443", List.of("XRPETH", "BTCUSDT")))
                .isEqualTo("wss://stream.binance.com:9443/stream?streams=xrpeth@aggTrade/btcusdt@aggTrade");
        assertThat(feed.liveUrl("ws://127.0.0.1:8080/", List.of("xrpEth")))
                .isEqualTo("ws://127.0.0.1:8080/stream?streams=xrpeth@aggTrade");
    }

    @Test
    void liveUrlRejectsNoSymbols() {
        assertThatThrownBy(() -> feed.liveUrl("wss://x", List.of())).hasMessageContaining("symbols");
    }

    @Test
    void chunksCoverTheGapExactlyWithAtMostOnePageEach() {
        for (long[] bounds : new long[][] {{99, 101}, {100, 1101}, {100, 1102}, {0, 2501}, {5, 10_006}}) {
            Gap gap = new Gap(XRPETH, Cursor.ofId(bounds[0]), Cursor.ofId(bounds[1]));
            List<Gap> chunks = feed.chunk(gap);

            List<Long> ids = chunks.stream()
                    .flatMap(c -> LongStream.range(c.after().height() + 1, c.before().height()).boxed())
                    .toList();
            assertThat(ids).containsExactlyElementsOf(
                    LongStream.range(bounds[0] + 1, bounds[1]).boxed().toList());
            assertThat(chunks).allSatisfy(c -> {
                assertThat(c.stream()).isEqualTo(XRPETH);
                assertThat(c.before().height() - c.after().height() - 1).isBetween(1L, 1000L);
            });
            assertThat(chunks.get(0).after()).isEqualTo(gap.after());
            assertThat(chunks.get(chunks.size() - 1).before()).isEqualTo(gap.before());
        }
    }

    @Test
    void gapWithoutIdsHasNoChunks() {
        assertThat(feed.chunk(new Gap(XRPETH, Cursor.ofId(7), Cursor.ofId(8)))).isEmpty();
    }

    @Test
    void idFollowsOnlyItsPredecessor() {
        assertThat(feed.follows(Cursor.ofId(41), Cursor.ofId(42))).isTrue();
        assertThat(feed.follows(Cursor.ofId(41), Cursor.ofId(43))).isFalse();
        assertThat(feed.follows(Cursor.ofId(41), Cursor.ofId(41))).isFalse();
        assertThat(feed.follows(Cursor.ofId(42), Cursor.ofId(41))).isFalse();
    }

    @Test
    void describesBinanceLimits() {
        assertThat(feed.name()).isEqualTo("binance");
        assertThat(feed.cursorCodec()).isEqualTo(CursorCodec.DENSE_ID);
        assertThat(feed.maxConnectionAge()).isEqualTo(Duration.ofMinutes(23 * 60 + 30)).isLessThan(Duration.ofHours(24));
        assertThat(feed.publicationDelay()).isEqualTo(Duration.ofSeconds(1));
        assertThat(feed.newFrameDecoder()).isInstanceOf(BinanceFrameDecoder.class);
    }

    @Test
    void survivesJavaSerialization() throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
            out.writeObject(feed);
        }
        try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
            assertThat(in.readObject()).isEqualTo(feed);
        }
    }
}
