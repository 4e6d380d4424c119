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
    void readsTheVersionOneBytesOfEveryVariantWrittenByEarlierBuilds() throws IOException {
        // Written by format 1 (the backfill operator keeps these in its state); must stay readable for as long as
        // savepoints of version 1 exist.
        StreamId xrpeth = new StreamId("binance", "XRPETH");
        assertThat(read("01000762696e616e636500065852504554480000000000ce4bbf000000000000016db81d707b"
                        + "00000008000000010100000008000000072bdc545e14d64e0000000000000003"))
                .isEqualTo(new Trade(xrpeth, Cursor.ofId(13519807), 1570752000123L, new BigDecimal("0.00000001"),
                        new BigDecimal("123456789.12345678"), 3));
        assertThat(read("02000762696e616e63650006585250455448000000000000000a0000000000000000000003f300000000"))
                .isEqualTo(new Gap(xrpeth, Cursor.ofId(10), Cursor.ofId(1011)));
        assertThat(read("03000762696e616e636500065852504554480000016db81d7000"))
                .isEqualTo(new StreamStart(xrpeth, 1570752000000L));
    }

    @Test
    void aVersionOneSnapshotResolvesAsCompatibleAsIs() throws IOException {
        FeedEventSerializer.Snapshot old = new FeedEventSerializer.Snapshot();
        old.readSnapshot(FeedEventSerializer.VERSION_1, new DataInputDeserializer(new byte[] {0, 0, 0, 1}),
                getClass().getClassLoader());
        assertThat(serializer.snapshotConfiguration().resolveSchemaCompatibility(old).isCompatibleAsIs()).isTrue();
    }

    @Test
    void rejectsAnUnknownTag() {
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> read("09"))
                .isInstanceOf(IOException.class).hasMessageContaining("unknown feed event tag 9");
    }

    private FeedEvent read(String hex) throws IOException {
        DataInputDeserializer in = new DataInputDeserializer(java.util.HexFormat.of().parseHex(hex));
        FeedEvent event = serializer.deserialize(in);
        assertThat(in.available()).as("bytes left after the event").isZero();
        return event;
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
