package io.candlestream.source.enumerator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.candlestream.model.Cursor;
import io.candlestream.model.StreamId;
import io.candlestream.source.split.StreamSplit;
import java.io.IOException;
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
