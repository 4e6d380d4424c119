package io.candlestream.source.enumerator;

import io.candlestream.model.StreamId;
import io.candlestream.source.split.StreamSplit;
import io.candlestream.source.split.StreamSplitSerializer;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.apache.flink.core.io.SimpleVersionedSerializer;

/** Versioned binary form of {@link EnumeratorState}, stored in checkpoints and savepoints. */
public final class EnumeratorStateSerializer implements SimpleVersionedSerializer<EnumeratorState> {

    /** Version 1: assigned streams (feed, symbol), then unassigned splits as {@link StreamSplitSerializer} bytes. */
    public static final int VERSION_1 = 1;

    public static final int CURRENT_VERSION = VERSION_1;

    @Override
    public int getVersion() {
        return CURRENT_VERSION;
    }

    @Override
    public byte[] serialize(EnumeratorState state) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(256);
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeInt(state.assigned().size());
            for (StreamId stream : state.assigned()) {
                out.writeUTF(stream.feed());
                out.writeUTF(stream.symbol());
            }
            out.writeInt(state.unassigned().size());
            for (StreamSplit split : state.unassigned()) {
                byte[] splitBytes = StreamSplitSerializer.INSTANCE.serialize(split);
                out.writeInt(StreamSplitSerializer.INSTANCE.getVersion());
                out.writeInt(splitBytes.length);
                out.write(splitBytes);
            }
        }
        return bytes.toByteArray();
    }

    @Override
    public EnumeratorState deserialize(int version, byte[] serialized) throws IOException {
        if (version != VERSION_1) {
            throw new IOException("unknown enumerator state version " + version + "; this build reads versions "
                    + VERSION_1 + ".." + CURRENT_VERSION);
        }
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(serialized))) {
            int assignedCount = in.readInt();
            Set<StreamId> assigned = new LinkedHashSet<>();
            for (int i = 0; i < assignedCount; i++) {
                assigned.add(new StreamId(in.readUTF(), in.readUTF()));
            }
            int unassignedCount = in.readInt();
            List<StreamSplit> unassigned = new ArrayList<>();
            for (int i = 0; i < unassignedCount; i++) {
                int splitVersion = in.readInt();
                byte[] splitBytes = new byte[in.readInt()];
                in.readFully(splitBytes);
                unassigned.add(StreamSplitSerializer.INSTANCE.deserialize(splitVersion, splitBytes));
            }
            if (in.available() > 0) {
                throw new IOException("unexpected " + in.available() + " trailing bytes in enumerator state");
            }
            return new EnumeratorState(assigned, unassigned);
        }
    }
}
