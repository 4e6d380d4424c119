package io.candlestream.sink;

import io.candlestream.model.DeadLetter;
import io.candlestream.model.FeedEvent;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Objects;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.connector.jdbc.JdbcStatementBuilder;
import org.apache.flink.connector.jdbc.core.datastream.sink.JdbcSink;

/**
 * The Flink sink that inserts {@link DeadLetter}s into {@code dead_letters}, batched and idempotent: the primary key
 * is {@link DeadLetter#key()} and a conflict does nothing, so a replay after a failure writes no second row.
 *
 * <p>Batching, retries and the close-safe writer are the candle sink's ({@link CandleSinkOptions},
 * {@link CloseSafeJdbcSink}). Typed as {@link FeedEvent} because that is the stream's type information; any other
 * event is a wiring error and fails the task with the event named.
 */
public final class DeadLetterSink {

    /** The insert; a row whose id exists already is left as it is. */
    public static final String INSERT_SQL =
            "insert into " + DeadLetterTable.NAME + " (id, feed, symbol, kind, cursor, trade_time, seen_at, reason,"
                    + " excerpt) values (?, ?, ?, ?, ?, ?, ?, ?, ?) on conflict (id) do nothing";

    private DeadLetterSink() {}

    /** An at-least-once JDBC sink into {@code dead_letters}; the table must exist ({@link DeadLetterTable}). */
    public static Sink<FeedEvent> create(JdbcSettings settings, CandleSinkOptions options) {
        Objects.requireNonNull(settings, "settings");
        Objects.requireNonNull(options, "options");
        return new CloseSafeJdbcSink<>(JdbcSink.<FeedEvent>builder()
                .withQueryStatement(INSERT_SQL, new InsertStatementBuilder())
                .withExecutionOptions(options.executionOptions())
                .buildAtLeastOnce(settings.connectionOptions()));
    }

    /** Binds {@code letter} to the parameters of {@link #INSERT_SQL}; times as UTC {@link OffsetDateTime}s. */
    public static void bind(PreparedStatement statement, DeadLetter letter) throws SQLException {
        statement.setString(1, letter.key());
        statement.setString(2, letter.stream().feed());
        statement.setString(3, letter.stream().symbol());
        statement.setString(4, letter.kind().name());
        statement.setString(5, DeadLetterTable.cursorColumn(letter.cursor()));
        if (letter.tradeTime() == null) {
            statement.setNull(6, Types.TIMESTAMP_WITH_TIMEZONE);
        } else {
            statement.setObject(6, utc(letter.tradeTime()));
        }
        statement.setObject(7, utc(letter.seenAt()));
        statement.setString(8, letter.reason());
        statement.setString(9, letter.excerpt());
    }

    private static OffsetDateTime utc(long epochMillis) {
        return OffsetDateTime.ofInstant(Instant.ofEpochMilli(epochMillis), ZoneOffset.UTC);
    }

    /** The connector's statement builder: {@link #bind}, refusing anything but a dead letter. */
    private static final class InsertStatementBuilder implements JdbcStatementBuilder<FeedEvent> {
        private static final long serialVersionUID = 1L;

        @Override
        public void accept(PreparedStatement statement, FeedEvent event) throws SQLException {
            if (!(event instanceof DeadLetter letter)) {
                throw new IllegalArgumentException("the dead-letter sink takes DeadLetter events only, got " + event);
            }
            bind(statement, letter);
        }
    }
}
