package io.candlestream.model;

import java.io.IOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.api.common.typeutils.TypeSerializerSchemaCompatibility;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;

/**
 * Hand-written serializer of {@link FeedEvent}s, used on the wire and in the backfill operator's state (the gaps and
 * trades in flight at a checkpoint). A tag byte selects the variant; decimals are written as unscaled bytes and scale.
 */
public final class FeedEventSerializer extends TypeSerializer<FeedEvent> {

    /** Format 1: tag byte, stream (feed, symbol), then the variant's fields. */
    public static final int VERSION_1 = 1;

    /** Format 2: format 1 plus the {@link DeadLetter} variant (tag 4); format 1 bytes read unchanged. */
    public static final int VERSION_2 = 2;

    /**
     * Format 3: format 2 plus a trade with an exact quote amount (tag 5) and a gap with its {@link GapReason} (tag 6,
     * which every gap is now written as); format 1 and 2 bytes read unchanged (their gaps as
     * {@link GapReason#UNSPECIFIED}).
     */
    public static final int VERSION_3 = 3;

    public static final int CURRENT_VERSION = VERSION_3;

    private static final byte TAG_TRADE = 1;
    private static final byte TAG_GAP = 2;
    private static final byte TAG_STREAM_START = 3;
    private static final byte TAG_DEAD_LETTER = 4;
    private static final byte TAG_QUOTED_TRADE = 5;
    private static final byte TAG_REASONED_GAP = 6;

    @Override
    public boolean isImmutableType() {
        return true;
    }

    @Override
    public TypeSerializer<FeedEvent> duplicate() {
        return this;
    }

    @Override
    public FeedEvent createInstance() {
        return null;
    }

    @Override
    public FeedEvent copy(FeedEvent from) {
        return from;
    }

    @Override
    public FeedEvent copy(FeedEvent from, FeedEvent reuse) {
        return from;
    }

    @Override
    public int getLength() {
        return -1;
    }

    @Override
    public void serialize(FeedEvent event, DataOutputView out) throws IOException {
        if (event instanceof Trade trade) {
            out.writeByte(trade.quote() == null ? TAG_TRADE : TAG_QUOTED_TRADE);
            writeStream(trade.stream(), out);
            writeCursor(trade.cursor(), out);
            out.writeLong(trade.time());
            writeDecimal(trade.price(), out);
            writeDecimal(trade.quantity(), out);
            out.writeLong(trade.rawTrades());
            if (trade.quote() != null) {
                writeDecimal(trade.quote(), out);
            }
        } else if (event instanceof Gap gap) {
            out.writeByte(TAG_REASONED_GAP);
            writeStream(gap.stream(), out);
            writeCursor(gap.after(), out);
            writeCursor(gap.before(), out);
            out.writeUTF(gap.reason().name());
        } else if (event instanceof StreamStart start) {
            out.writeByte(TAG_STREAM_START);
            writeStream(start.stream(), out);
            out.writeLong(start.completeFrom());
        } else if (event instanceof DeadLetter letter) {
            out.writeByte(TAG_DEAD_LETTER);
            writeStream(letter.stream(), out);
            out.writeUTF(letter.kind().name());
            out.writeUTF(letter.excerpt());
            out.writeUTF(letter.reason());
            out.writeLong(letter.seenAt());
            out.writeBoolean(letter.cursor() != null);
            if (letter.cursor() != null) {
                writeCursor(letter.cursor(), out);
            }
            out.writeBoolean(letter.tradeTime() != null);
            if (letter.tradeTime() != null) {
                out.writeLong(letter.tradeTime());
            }
        } else {
            throw new IllegalArgumentException("unknown feed event " + event);
        }
    }

    @Override
    public FeedEvent deserialize(DataInputView in) throws IOException {
        byte tag = in.readByte();
        switch (tag) {
            case TAG_TRADE:
                return new Trade(readStream(in), readCursor(in), in.readLong(), readDecimal(in), readDecimal(in),
                        in.readLong());
            case TAG_QUOTED_TRADE:
                return new Trade(readStream(in), readCursor(in), in.readLong(), readDecimal(in), readDecimal(in),
                        in.readLong(), readDecimal(in));
            case TAG_GAP:
                return new Gap(readStream(in), readCursor(in), readCursor(in));
            case TAG_REASONED_GAP:
                return new Gap(readStream(in), readCursor(in), readCursor(in), readGapReason(in));
            case TAG_STREAM_START:
                return new StreamStart(readStream(in), in.readLong());
            case TAG_DEAD_LETTER:
                return readDeadLetter(in);
            default:
                throw new IOException("unknown feed event tag " + tag + " (serializer format " + CURRENT_VERSION + ")");
        }
    }

    @Override
    public FeedEvent deserialize(FeedEvent reuse, DataInputView in) throws IOException {
        return deserialize(in);
    }

    @Override
    public void copy(DataInputView in, DataOutputView out) throws IOException {
        serialize(deserialize(in), out);
    }

    @Override
    public boolean equals(Object obj) {
        return obj instanceof FeedEventSerializer;
    }

    @Override
    public int hashCode() {
        return FeedEventSerializer.class.hashCode();
    }

    @Override
    public TypeSerializerSnapshot<FeedEvent> snapshotConfiguration() {
        return new Snapshot();
    }

    private static GapReason readGapReason(DataInputView in) throws IOException {
        String name = in.readUTF();
        try {
            return GapReason.valueOf(name);
        } catch (IllegalArgumentException e) {
            throw new IOException("unknown gap reason '" + name + "'; this build knows "
                    + java.util.Arrays.toString(GapReason.values()), e);
        }
    }

    private static DeadLetter readDeadLetter(DataInputView in) throws IOException {
        StreamId stream = readStream(in);
        String kindName = in.readUTF();
        DeadLetter.Kind kind;
        try {
            kind = DeadLetter.Kind.valueOf(kindName);
        } catch (IllegalArgumentException e) {
            throw new IOException("unknown dead letter kind '" + kindName + "'; this build knows "
                    + java.util.Arrays.toString(DeadLetter.Kind.values()), e);
        }
        String excerpt = in.readUTF();
        String reason = in.readUTF();
        long seenAt = in.readLong();
        Cursor cursor = in.readBoolean() ? readCursor(in) : null;
        Long tradeTime = in.readBoolean() ? in.readLong() : null;
        return new DeadLetter(stream, kind, excerpt, reason, seenAt, cursor, tradeTime);
    }

    private static void writeStream(StreamId stream, DataOutputView out) throws IOException {
        out.writeUTF(stream.feed());
        out.writeUTF(stream.symbol());
    }

    private static StreamId readStream(DataInputView in) throws IOException {
        return new StreamId(in.readUTF(), in.readUTF());
    }

    private static void writeCursor(Cursor cursor, DataOutputView out) throws IOException {
        out.writeLong(cursor.height());
        out.writeInt(cursor.index());
    }

    private static Cursor readCursor(DataInputView in) throws IOException {
        return new Cursor(in.readLong(), in.readInt());
    }

    private static void writeDecimal(BigDecimal value, DataOutputView out) throws IOException {
        byte[] unscaled = value.unscaledValue().toByteArray();
        out.writeInt(value.scale());
        out.writeInt(unscaled.length);
        out.write(unscaled);
    }

    private static BigDecimal readDecimal(DataInputView in) throws IOException {
        int scale = in.readInt();
        byte[] unscaled = new byte[in.readInt()];
        in.readFully(unscaled);
        return new BigDecimal(new BigInteger(unscaled), scale);
    }

    /**
     * Snapshot of the serializer: records the format version it wrote, so a newer serializer can read it. Snapshot
     * versions 1 to 3 have the same layout (the format version as an int).
     */
    public static final class Snapshot implements TypeSerializerSnapshot<FeedEvent> {

        private int formatVersion = CURRENT_VERSION;

        @Override
        public int getCurrentVersion() {
            return CURRENT_VERSION;
        }

        @Override
        public void writeSnapshot(DataOutputView out) throws IOException {
            out.writeInt(CURRENT_VERSION);
        }

        @Override
        public void readSnapshot(int readVersion, DataInputView in, ClassLoader userCodeClassLoader)
                throws IOException {
            if (readVersion < VERSION_1 || readVersion > CURRENT_VERSION) {
                throw new IOException("unknown FeedEventSerializer snapshot version " + readVersion
                        + "; this build reads " + VERSION_1 + ".." + CURRENT_VERSION);
            }
            formatVersion = in.readInt();
            if (formatVersion < VERSION_1 || formatVersion > CURRENT_VERSION) {
                throw new IOException("unknown FeedEventSerializer format " + formatVersion
                        + "; this build reads " + VERSION_1 + ".." + CURRENT_VERSION);
            }
        }

        @Override
        public TypeSerializer<FeedEvent> restoreSerializer() {
            return new FeedEventSerializer();
        }

        @Override
        public TypeSerializerSchemaCompatibility<FeedEvent> resolveSchemaCompatibility(
                TypeSerializerSnapshot<FeedEvent> oldSnapshot) {
            if (!(oldSnapshot instanceof Snapshot old)) {
                return TypeSerializerSchemaCompatibility.incompatible();
            }
            // Formats 2 and 3 only add tags: format 1 and 2 bytes are format 3 bytes, so old state is read as is.
            return old.formatVersion >= VERSION_1 && old.formatVersion <= CURRENT_VERSION
                    ? TypeSerializerSchemaCompatibility.compatibleAsIs()
                    : TypeSerializerSchemaCompatibility.incompatible();
        }
    }
}
