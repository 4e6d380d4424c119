package io.candlestream.sink;

import org.apache.flink.connector.jdbc.JdbcExecutionOptions;

import java.io.Serializable;
import java.time.Duration;
import java.util.Objects;

/**
 * How {@link CandleSink} batches and retries its upserts (immutable; build with {@link #builder()}).
 *
 * @param batchSize rows per JDBC batch; a full batch is written at once
 * @param batchInterval a partial batch is written at the latest after this long; zero: only when full or on a
 *     checkpoint
 * @param maxRetries how often a failed batch is re-executed (with a fresh connection if the old one is broken)
 *     before the task fails
 */
public record CandleSinkOptions(int batchSize, Duration batchInterval, int maxRetries) implements Serializable {

    public static final int DEFAULT_BATCH_SIZE = 500;
    public static final Duration DEFAULT_BATCH_INTERVAL = Duration.ofMillis(200);
    public static final int DEFAULT_MAX_RETRIES = 5;

    public CandleSinkOptions {
        Objects.requireNonNull(batchInterval, "batchInterval");
        if (batchSize < 1) {
            throw new IllegalArgumentException("batchSize must be at least 1 (rows per JDBC batch), got " + batchSize);
        }
        if (batchInterval.isNegative()) {
            throw new IllegalArgumentException(
                    "batchInterval must be zero (write only full batches and on checkpoints) or positive, got "
                            + batchInterval);
        }
        if (maxRetries < 0) {
            throw new IllegalArgumentException(
                    "maxRetries must be zero (fail on the first error) or positive, got " + maxRetries);
        }
    }

    /** Batches of {@value #DEFAULT_BATCH_SIZE} rows, written at least every 200 ms, 5 retries. */
    public static CandleSinkOptions defaults() {
        return builder().build();
    }

    public static Builder builder() {
        return new Builder();
    }

    /** The connector's options with the same values. */
    public JdbcExecutionOptions executionOptions() {
        return JdbcExecutionOptions.builder()
                .withBatchSize(batchSize)
                .withBatchIntervalMs(batchInterval.toMillis())
                .withMaxRetries(maxRetries)
                .build();
    }

    /** Builder for {@link CandleSinkOptions}; {@link #build()} validates and names the offending option. */
    public static final class Builder {
        private int batchSize = DEFAULT_BATCH_SIZE;
        private Duration batchInterval = DEFAULT_BATCH_INTERVAL;
        private int maxRetries = DEFAULT_MAX_RETRIES;

        private Builder() {}

        public Builder batchSize(int batchSize) {
            this.batchSize = batchSize;
            return this;
        }

        public Builder batchInterval(Duration batchInterval) {
            this.batchInterval = batchInterval;
            return this;
        }

        public Builder maxRetries(int maxRetries) {
            this.maxRetries = maxRetries;
            return this;
        }

        /** @throws IllegalArgumentException naming the option and what is allowed */
        public CandleSinkOptions build() {
            if (batchInterval == null) {
                throw new IllegalArgumentException("batchInterval must be set (zero or positive), got nothing");
            }
            return new CandleSinkOptions(batchSize, batchInterval, maxRetries);
        }
    }
}
