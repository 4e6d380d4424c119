package io.candlestream.source.split;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.candlestream.model.Cursor;
import io.candlestream.model.StreamId;
import java.io.IOException;
import java.util.Arrays;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

class StreamSplitSerializerTest {

    private final StreamSplitSerializer serializer = StreamSplitSerializer.INSTANCE;

    @Test
    void roundTripsSplitsWithAndWithoutPendingStart() throws IOException {
        for (StreamSplit split : new StreamSplit[] {
                new StreamSplit(StreamId.of("binance", "XRPETH"), Cursor.ofId(13519806), 1570752000000L),
                new StreamSplit(StreamId.of("ethereum", "0x8ad5"), new Cursor(18937547, 12), null)}) {
            byte[] bytes = serializer.serialize(split);
            assertThat(serializer.deserialize(serializer.getVersion(), bytes)).isEqualTo(split);
        }
    }

    @Test
    void readsTheVersionOneBytesOfEarlierBuilds() throws IOException {
        // Written by version 1; must stay readable for as long as savepoints of version 1 exist.
        byte[] v1 = HexFormat.of().parseHex("000762696e616e63650006585250455448"
                + "0000000000ce4bde00000000010000016db81d7000");
        StreamSplit split = serializer.deserialize(StreamSplitSerializer.VERSION_1, v1);
        assertThat(split).isEqualTo(new StreamSplit(new StreamId("binance", "XRPETH"), Cursor.ofId(13519838), 1570752000000L));
    }

    @Test
    void rejectsUnknownVersionsAndTrailingBytes() throws IOException {
        byte[] bytes = serializer.serialize(new StreamSplit(StreamId.of("binance", "X1"), Cursor.ofId(1), null));
        assertThatThrownBy(() -> serializer.deserialize(99, bytes))
                .isInstanceOf(IOException.class).hasMessageContaining("unknown stream split version 99");
        byte[] longer = Arrays.copyOf(bytes, bytes.length + 3);
        assertThatThrownBy(() -> serializer.deserialize(1, longer))
                .isInstanceOf(IOException.class).hasMessageContaining("3 trailing bytes");
    }
}
