package io.candlestream.source.enumerator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.candlestream.model.Cursor;
import io.candlestream.model.StreamId;
import io.candlestream.source.split.StreamSplit;
import java.io.IOException;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class EnumeratorStateSerializerTest {

    private final EnumeratorStateSerializer serializer = new EnumeratorStateSerializer();

    @Test
    void roundTripsAssignedStreamsAndUnassignedSplits() throws IOException {
        EnumeratorState state = new EnumeratorState(
                Set.of(StreamId.of("binance", "XRPETH"), StreamId.of("binance", "BTCUSDT")),
                List.of(new StreamSplit(StreamId.of("binance", "ETHUSDT"), Cursor.ofId(41), 1_700_000_000_000L)));
        EnumeratorState back = serializer.deserialize(serializer.getVersion(), serializer.serialize(state));
        assertThat(back.assigned()).isEqualTo(state.assigned());
        assertThat(back.unassigned()).isEqualTo(state.unassigned());
    }

    @Test
    void readsTheVersionOneBytesOfEarlierBuilds() throws IOException {
        // Written by version 1 (assigned XRPETH; BTCUSDT unassigned after id 41, complete from 2023-11-14T22:13:20Z);
        // must stay readable for as long as savepoints of version 1 exist.
        byte[] v1 = HexFormat.of().parseHex("00000001000762696e616e63650006585250455448"
                + "000000010000000100000027000762696e616e6365000742544355534454"
                + "000000000000002900000000010000018bcfe56800");
        EnumeratorState state = serializer.deserialize(EnumeratorStateSerializer.VERSION_1, v1);
        assertThat(state.assigned()).containsExactly(new StreamId("binance", "XRPETH"));
        assertThat(state.unassigned()).containsExactly(
                new StreamSplit(new StreamId("binance", "BTCUSDT"), Cursor.ofId(41), 1_700_000_000_000L));
    }

    @Test
    void rejectsTrailingBytes() throws IOException {
        byte[] bytes = serializer.serialize(EnumeratorState.empty());
        byte[] longer = java.util.Arrays.copyOf(bytes, bytes.length + 2);
        assertThatThrownBy(() -> serializer.deserialize(EnumeratorStateSerializer.VERSION_1, longer))
                .isInstanceOf(IOException.class).hasMessageContaining("2 trailing bytes");
    }

    @Test
    void rejectsUnknownVersions() {
        assertThatThrownBy(() -> serializer.deserialize(7, new byte[0]))
                .isInstanceOf(IOException.class).hasMessageContaining("unknown enumerator state version 7");
    }

    @Test
    void ownerOfAStreamIsStableAndInRange() {
        StreamId stream = StreamId.of("binance", "XRPETH");
        int owner = StreamSplitEnumerator.owner(stream, 4);
        assertThat(owner).isBetween(0, 3).isEqualTo(StreamSplitEnumerator.owner(stream, 4));
    }
}
