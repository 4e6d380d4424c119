package io.candlestream.config;

import java.io.Serializable;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Objects;

/**
 * Where a stream starts when the job has no Flink state for it ({@code --start-from}).
 *
 * @param kind which kind of position
 * @param instant for {@link Kind#INSTANT}: the first trade time wanted
 * @param cursorId for {@link Kind#CURSOR}: the first trade id wanted; for {@link Kind#BLOCK}: the first block
 */
public record StartPosition(Kind kind, Instant instant, long cursorId) implements Serializable {

    /** The kinds of start position. */
    public enum Kind {
        /** From now on: the current 1-minute bucket is backfilled from its start. */
        LATEST,
        /** From a point in time. */
        INSTANT,
        /** From a trade id (or, on a chain feed, a cursor column value). */
        CURSOR,
        /** From a block height (chain feeds): the block's first log on. */
        BLOCK,
        /** From what the candles table holds; {@link #LATEST} for a stream without rows. */
        DB
    }

    public static final String ALLOWED =
            "db, latest, an ISO-8601 instant (2024-01-05T10:00:00Z), id:<n> or (chain feeds) block:<n>";

    public StartPosition {
        Objects.requireNonNull(kind, "kind");
    }

    public static StartPosition latest() {
        return new StartPosition(Kind.LATEST, null, 0);
    }

    /** Resume from the candles table. */
    public static StartPosition db() {
        return new StartPosition(Kind.DB, null, 0);
    }

    /** Parses the value of {@code --start-from}. */
    public static StartPosition parse(String value) {
        String text = value.trim();
        if (text.equalsIgnoreCase("latest")) {
            return latest();
        }
        if (text.equalsIgnoreCase("db")) {
            return db();
        }
        if (text.startsWith("block:")) {
            try {
                long block = Long.parseLong(text.substring(6));
                if (block < 0) {
                    throw new InvalidOptionException("--start-from", "'" + value + "': the block must not be negative");
                }
                return new StartPosition(Kind.BLOCK, null, block);
            } catch (NumberFormatException e) {
                throw new InvalidOptionException("--start-from", "'" + value + "' is not allowed; use " + ALLOWED);
            }
        }
        if (text.startsWith("id:")) {
            try {
                long id = Long.parseLong(text.substring(3));
                if (id < 0) {
                    throw new InvalidOptionException("--start-from", "'" + value + "': the id must not be negative");
                }
                return new StartPosition(Kind.CURSOR, null, id);
            } catch (NumberFormatException e) {
                throw new InvalidOptionException("--start-from", "'" + value + "' is not allowed; use " + ALLOWED);
            }
        }
        try {
            return new StartPosition(Kind.INSTANT, Instant.parse(text), 0);
        } catch (DateTimeParseException e) {
            throw new InvalidOptionException("--start-from", "'" + value + "' is not allowed; use " + ALLOWED);
        }
    }

    @Override
    public String toString() {
        return switch (kind) {
            case LATEST -> "latest";
            case DB -> "db";
            case INSTANT -> instant.toString();
            case CURSOR -> "id:" + cursorId;
            case BLOCK -> "block:" + cursorId;
        };
    }
}
