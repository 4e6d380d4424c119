package io.candlestream.source.split;

import io.candlestream.model.Cursor;
import io.candlestream.model.StreamId;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.ByteArrayInputStream;
import org.apache.flink.core.io.SimpleVersionedSerializer;

/** Versioned binary form of {@link StreamSplit}, stored in checkpoints and savepoints. */
public final class StreamSplitSerializer implements SimpleVersionedSerializer<StreamSplit> {

    public static final StreamSplitSerializer INSTANCE = new StreamSplitSerializer();

    /** Version 1: feed, symbol, cursor height, cursor index, has-start flag, start epoch millis. */
    public static final int VERSION_1 = 1;

    public static final int CURRENT_VERSION = VERSION_1;

    @Override
    public int getVersion() {
        return CURRENT_VERSION;
    }

    @Override
    public byte[] serialize(StreamSplit split) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(64);
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            write(split, out);
        }
        return bytes.toByteArray();
    }

    @Override
    public StreamSplit deserialize(int version, byte[] serialized) throws IOException {
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(serialized))) {
            StreamSplit split = read(version, in);
            if (in.available() > 0) {
                throw new IOException("unexpected " + in.available() + " trailing bytes in a stream split of version "
                        + version);
            }
            return split;
        }
    }

    /** Writes the current version's form; also used inside the enumerator state. */
    static void write(StreamSplit split, DataOutputStream out) throws IOException {
        out.writeUTF(split.stream().feed());
        out.writeUTF(split.stream().symbol());
        out.writeLong(split.lastCursor().height());
        out.writeInt(split.lastCursor().index());
        out.writeBoolean(split.completeFrom() != null);
        out.writeLong(split.completeFrom() == null ? 0 : split.completeFrom());
    }

    static StreamSplit read(int version, DataInputStream in) throws IOException {
        switch (version) {
            case VERSION_1:
                StreamId stream = new StreamId(in.readUTF(), in.readUTF());
                Cursor cursor = new Cursor(in.readLong(), in.readInt());
                boolean hasStart = in.readBoolean();
                long start = in.readLong();
                return new StreamSplit(stream, cursor, hasStart ? start : null);
            default:
                throw new IOException("unknown stream split version " + version + "; this build reads versions "
                        + VERSION_1 + ".." + CURRENT_VERSION);
        }
    }
}
