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
            new Gap(stream, new Cursor(18937547, 204), new Cursor(18937552, 0), GapReason.RECONNECT),
            new Trade(StreamId.of("ethereum", "0x8ad599c3a0ff1de082011efddc58f1908eb6e6d8"), new Cursor(18937547, 204),
                    1704414803000L, new BigDecimal("2265.108843950000000000000000000001"),
                    new BigDecimal("2.000000000000000000"), 1, new BigDecimal("4531.900819")),
            new StreamStart(stream, 1570752000000L),
            DeadLetter.lateTrade(new Trade(stream, Cursor.ofId(7), 1570752000123L, new BigDecimal("0.5"),
                    new BigDecimal("2"), 1), "too late", 1570752060000L),
            DeadLetter.unattributed("binance", DeadLetter.Kind.MALFORMED_FRAME, "x".repeat(500), "not JSON",
                    1570752060000L),
            new DeadLetter(stream, DeadLetter.Kind.PAGE_REJECTED, "", "ids 5..9 skip 7", 1L, new Cursor(5, 2), null)
        };
        for (FeedEvent event : events) {
            DataOutputSerializer out = new DataOutputSerializer(64);
            serializer.serialize(event, out);
            FeedEvent back = serializer.deserialize(new DataInputDeserializer(out.getCopyOfBuffer()));
            assertThat(back).isEqualTo(event);
            if (back instanceof Trade trade && trade.quote() == null) {
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
    void pinsTheVersionTwoBytesOfADeadLetter() throws IOException {
        StreamId xrpeth = new StreamId("binance", "XRPETH");
        DeadLetter late = new DeadLetter(xrpeth, DeadLetter.Kind.LATE_TRADE, "price 0.5", "late", 1570752060000L,
                Cursor.ofId(13519807), 1570752000123L);
        String lateHex = "04000762696e616e63650006585250455448000a4c4154455f54524144450009707269636520302e35"
                + "00046c6174650000016db81e5a60010000000000ce4bbf00000000010000016db81d707b";
        DeadLetter malformed = DeadLetter.unattributed("binance", DeadLetter.Kind.MALFORMED_FRAME, "{oops",
                "not JSON", 1570752060000L);
        String malformedHex = "04000762696e616e636500012a000f4d414c464f524d45445f4652414d4500057b6f6f7073"
                + "00086e6f74204a534f4e0000016db81e5a600000";
        assertThat(write(late)).isEqualTo(lateHex);
        assertThat(write(malformed)).isEqualTo(malformedHex);
        assertThat(read(lateHex)).isEqualTo(late);
        assertThat(read(malformedHex)).isEqualTo(malformed);
    }

    @Test
    void writesVersionOneVariantsWithTheVersionOneBytes() throws IOException {
        // Formats 2 and 3 only add tags: a stream start and an exchange trade written today are byte for byte what
        // format 1 wrote.
        StreamId xrpeth = new StreamId("binance", "XRPETH");
        assertThat(write(new StreamStart(xrpeth, 1570752000000L)))
                .isEqualTo("03000762696e616e636500065852504554480000016db81d7000");
        assertThat(write(new Trade(xrpeth, Cursor.ofId(13519807), 1570752000123L, new BigDecimal("0.00000001"),
                        new BigDecimal("123456789.12345678"), 3)))
                .isEqualTo("01000762696e616e636500065852504554480000000000ce4bbf000000000000016db81d707b"
                        + "00000008000000010100000008000000072bdc545e14d64e0000000000000003");
    }

    @Test
    void pinsTheVersionThreeBytesOfAGapWithItsReasonAndOfAQuotedTrade() throws IOException {
        StreamId xrpeth = new StreamId("binance", "XRPETH");
        Gap gap = new Gap(xrpeth, Cursor.ofId(10), Cursor.ofId(1011), GapReason.RECONNECT);
        String gapHex = "06000762696e616e63650006585250455448000000000000000a0000000000000000000003f300000000"
                + "00095245434f4e4e454354";
        assertThat(write(gap)).isEqualTo(gapHex);
        assertThat(read(gapHex)).isEqualTo(gap);
        Trade quoted = new Trade(xrpeth, new Cursor(7, 3), 1000L, new BigDecimal("0.5"), new BigDecimal("2"), 1,
                new BigDecimal("1.01"));
        String quotedHex = "05000762696e616e6365000658525045544800000000000000070000000300000000000003e8"
                + "00000001000000010500000000000000010200000000000000010000000200000001" + "65";
        assertThat(write(quoted)).isEqualTo(quotedHex);
        assertThat(read(quotedHex)).isEqualTo(quoted);
    }

    @Test
    void readsAVersionOneGapAsAGapWhoseReasonWasNotRecorded() throws IOException {
        Gap old = (Gap) read("02000762696e616e63650006585250455448000000000000000a0000000000000000000003f300000000");
        assertThat(old.reason()).isEqualTo(GapReason.UNSPECIFIED);
    }

    @Test
    void rejectsAnUnknownGapReason() {
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> read(
                        "06000762696e616e63650006585250455448000000000000000a0000000000000000000003f300000000"
                                + "00044e4f5045"))
                .isInstanceOf(IOException.class).hasMessageContaining("unknown gap reason 'NOPE'");
    }

    @Test
    void aVersionOneSnapshotWrittenByEarlierBuildsReadsAndRestoresTheCurrentSerializer() throws IOException {
        FeedEventSerializer.Snapshot old = new FeedEventSerializer.Snapshot();
        old.readSnapshot(FeedEventSerializer.VERSION_1, new DataInputDeserializer(new byte[] {0, 0, 0, 1}),
                getClass().getClassLoader());
        assertThat(old.restoreSerializer()).isEqualTo(serializer);
        assertThat(old.resolveSchemaCompatibility(old).isCompatibleAsIs()).isTrue();
        assertThat(FeedEventSerializer.CURRENT_VERSION).isEqualTo(FeedEventSerializer.VERSION_3);
        assertThat(serializer.snapshotConfiguration().getCurrentVersion()).isEqualTo(3);
    }

    @Test
    void rejectsAnUnknownSnapshotVersionAndFormat() {
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> new FeedEventSerializer.Snapshot().readSnapshot(4,
                        new DataInputDeserializer(new byte[] {0, 0, 0, 4}), getClass().getClassLoader()))
                .isInstanceOf(IOException.class).hasMessageContaining("snapshot version 4");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> new FeedEventSerializer.Snapshot().readSnapshot(2,
                        new DataInputDeserializer(new byte[] {0, 0, 0, 9}), getClass().getClassLoader()))
                .isInstanceOf(IOException.class).hasMessageContaining("format 9");
    }

    @Test
    void rejectsAnUnknownDeadLetterKind() {
        // Tag 4, binance:XRPETH, kind "NOPE".
        org.assertj.core.api.Assertions.assertThatThrownBy(
                        () -> read("04000762696e616e63650006585250455448" + "00044e4f5045"))
                .isInstanceOf(IOException.class).hasMessageContaining("unknown dead letter kind 'NOPE'");
    }

    @Test
    void leavesTrailingBytesUnreadSoTheyAreDetected() throws IOException {
        DataInputDeserializer in = new DataInputDeserializer(java.util.HexFormat.of().parseHex(
                "03000762696e616e636500065852504554480000016db81d7000" + "ff"));
        serializer.deserialize(in);
        assertThat(in.available()).as("the trailing byte is left for the caller to reject").isEqualTo(1);
    }

    @Test
    void boundsTheExcerptAndReason() {
        DeadLetter letter = DeadLetter.unattributed("binance", DeadLetter.Kind.MALFORMED_FRAME, "x".repeat(500),
                "y".repeat(5000), 0L);
        assertThat(letter.excerpt()).hasSize(DeadLetter.MAX_EXCERPT_CHARS + 1).endsWith("…");
        assertThat(letter.reason()).hasSize(DeadLetter.MAX_REASON_CHARS + 1).endsWith("…");
        assertThat(letter.stream().symbol()).isEqualTo(DeadLetter.ANY_SYMBOL);
    }

    private String write(FeedEvent event) throws IOException {
        DataOutputSerializer out = new DataOutputSerializer(64);
        serializer.serialize(event, out);
        return java.util.HexFormat.of().formatHex(out.getCopyOfBuffer());
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
