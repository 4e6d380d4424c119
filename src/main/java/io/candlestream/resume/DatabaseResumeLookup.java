package io.candlestream.resume;

import io.candlestream.candles.Interval;
import io.candlestream.model.StreamId;
import io.candlestream.sink.CandleTable;
import io.candlestream.sink.JdbcSettings;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/** Reads each configured interval's last row from the candles table and turns them into a {@link ResumePoint}. */
public final class DatabaseResumeLookup implements ResumeLookup {

    private static final long serialVersionUID = 1L;

    private final JdbcSettings jdbc;
    private final List<Interval> intervals;

    public DatabaseResumeLookup(JdbcSettings jdbc, List<Interval> intervals) {
        this.jdbc = Objects.requireNonNull(jdbc, "jdbc");
        this.intervals = List.copyOf(intervals);
    }

    @Override
    public Optional<ResumePoint> resumePoint(StreamId stream) {
        try (Connection connection = jdbc.connect(Duration.ofSeconds(10))) {
            return ResumePoint.of(lastBuckets(connection, stream, intervals));
        } catch (SQLException e) {
            throw new IllegalStateException("[" + stream + "] --start-from db: cannot read the candles table at "
                    + jdbc.redactedUrl() + ": " + e.getMessage(), e);
        }
    }

    /** The last row of every interval that has one; none when the table does not exist. */
    public static List<LastBucket> lastBuckets(Connection connection, StreamId stream, List<Interval> intervals)
            throws SQLException {
        List<LastBucket> out = new ArrayList<>();
        if (!CandleTable.exists(connection)) {
            return out;
        }
        for (Interval interval : intervals) {
            CandleTable.lastRow(connection, stream, interval.label()).ifPresent(row -> out.add(new LastBucket(
                    interval.label(), row.bucketStart(), row.bucketStart() + interval.millis(), row.lastCursor())));
        }
        return out;
    }
}
