package io.candlestream.sink;

import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class CandleSinkOptionsTest {

    @Test
    void defaultsAreBatchesOf500Every200msWith5Retries() {
        CandleSinkOptions options = CandleSinkOptions.defaults();

        assertThat(options).isEqualTo(new CandleSinkOptions(500, Duration.ofMillis(200), 5));
        assertThat(options.executionOptions().getBatchSize()).isEqualTo(500);
        assertThat(options.executionOptions().getBatchIntervalMs()).isEqualTo(200);
        assertThat(options.executionOptions().getMaxRetries()).isEqualTo(5);
    }

    @Test
    void builderSetsEveryOption() {
        CandleSinkOptions options = CandleSinkOptions.builder()
                .batchSize(1)
                .batchInterval(Duration.ZERO)
                .maxRetries(0)
                .build();

        assertThat(options).isEqualTo(new CandleSinkOptions(1, Duration.ZERO, 0));
    }

    @Test
    void invalidOptionsAreRejectedNamingTheOption() {
        assertThatThrownBy(() -> CandleSinkOptions.builder().batchSize(0).build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("batchSize must be at least 1 (rows per JDBC batch), got 0");
        assertThatThrownBy(() -> CandleSinkOptions.builder().batchInterval(Duration.ofMillis(-1)).build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("batchInterval must be zero (write only full batches and on checkpoints) or");
        assertThatThrownBy(() -> CandleSinkOptions.builder().batchInterval(null).build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("batchInterval must be set");
        assertThatThrownBy(() -> CandleSinkOptions.builder().maxRetries(-1).build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("maxRetries must be zero (fail on the first error) or positive, got -1");
    }
}
