package io.candlestream.source.enumerator;

import io.candlestream.model.StreamId;
import io.candlestream.source.split.StreamSplit;
import java.util.List;
import java.util.Set;

/**
 * What the split enumerator checkpoints: the streams it has handed to readers (their positions live in the readers'
 * state from then on) and the splits it holds that no reader has yet.
 */
public record EnumeratorState(Set<StreamId> assigned, List<StreamSplit> unassigned) {

    public EnumeratorState {
        assigned = Set.copyOf(assigned);
        unassigned = List.copyOf(unassigned);
    }

    public static EnumeratorState empty() {
        return new EnumeratorState(Set.of(), List.of());
    }
}
