package io.candlestream.model;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.math.BigDecimal;
import org.apache.flink.api.common.typeutils.TypeSerializerSchemaCompatibility;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.core.memory.DataInputDeserializer;
import org.apache.flink.core.memory.DataOutputSerializer;
import org.junit.jupiter.api.Test;

class FeedEventSerializerTest {

    private final FeedEventSerializer serializer = new FeedEventSerializer();
    private final StreamId stream = StreamId.of("binance", "XRPETH");

    @Test
    void roundTripsEveryVariantWithExactDecimals() throws IOException {
        FeedEvent[] events = {
            new Trade(stream, Cursor.ofId(13519807), 1570752000123L, new BigDecimal("0.00000001"),
                    new BigDecimal("123456789.12345678"), 3),
            new Gap(stream, Cursor.ofId(10), Cursor.ofId(1011)),
            new StreamStart(stream, 1570752000000L)
        };
        for (FeedEvent event : events) {
            DataOutputSerializer out = new DataOutputSerializer(64);
            serializer.serialize(event, out);
            FeedEvent back = serializer.deserialize(new DataInputDeserializer(out.getCopyOfBuffer()));
            assertThat(back).isEqualTo(event);
            if (back instanceof Trade trade) {
                assertThat(trade.price().scale()).isEqualTo(8);
            }
        }
    }

    @Test
    void snapshotRestoresACompatibleSerializer() throws IOException {
        TypeSerializerSnapshot<FeedEvent> snapshot = serializer.snapshotConfiguration();
        DataOutputSerializer out = new DataOutputSerializer(16);
        snapshot.writeSnapshot(out);
        FeedEventSerializer.Snapshot read = new FeedEventSerializer.Snapshot();
        read.readSnapshot(snapshot.getCurrentVersion(), new DataInputDeserializer(out.getCopyOfBuffer()),
                getClass().getClassLoader());
        assertThat(read.restoreSerializer()).isEqualTo(serializer);
        TypeSerializerSchemaCompatibility<FeedEvent> compatibility =
                new FeedEventSerializer.Snapshot().resolveSchemaCompatibility(read);
        assertThat(compatibility.isCompatibleAsIs()).isTrue();
    }
}
