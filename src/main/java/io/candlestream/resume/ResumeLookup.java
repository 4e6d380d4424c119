package io.candlestream.resume;

import io.candlestream.model.StreamId;
import java.io.Serializable;
import java.util.Optional;

/** Finds where a stream resumes from stored candles ({@code --start-from db}); runs on the JobManager. */
@FunctionalInterface
public interface ResumeLookup extends Serializable {

    /** The stream's resume point, or empty when nothing is stored for it. */
    Optional<ResumePoint> resumePoint(StreamId stream);
}
