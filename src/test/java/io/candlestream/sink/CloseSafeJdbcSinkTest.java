package io.candlestream.sink;

import static org.assertj.core.api.Assertions.assertThat;

import io.candlestream.model.Candle;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.api.connector.sink2.SupportsCommitter;
import org.apache.flink.api.connector.sink2.SupportsWriterState;
import org.apache.flink.connector.jdbc.core.datastream.sink.JdbcSink;
import org.junit.jupiter.api.Test;

/** The close-safe sink keeps the connector's writer state and committables, so savepoints stay compatible. */
class CloseSafeJdbcSinkTest {

    @Test
    void keepsTheConnectorsWriterStateAndCommittableSerializers() {
        JdbcSettings settings = JdbcSettings.of("jdbc:postgresql://localhost:5432/market", "candles", null);
        Sink<Candle> sink = CandleSink.create(settings, CandleSinkOptions.defaults());
        JdbcSink<Candle> connector = JdbcSink.<Candle>builder()
                .withQueryStatement(CandleSink.UPSERT_SQL, (statement, candle) -> CandleSink.bind(statement, candle))
                .buildAtLeastOnce(settings.connectionOptions());

        assertThat(sink).isInstanceOf(CloseSafeJdbcSink.class);
        @SuppressWarnings("unchecked")
        SupportsWriterState<Candle, ?> stateful = (SupportsWriterState<Candle, ?>) sink;
        assertThat(stateful.getWriterStateSerializer().getClass())
                .isEqualTo(connector.getWriterStateSerializer().getClass());
        assertThat(stateful.getWriterStateSerializer().getVersion())
                .isEqualTo(connector.getWriterStateSerializer().getVersion());
        SupportsCommitter<?> committing = (SupportsCommitter<?>) sink;
        assertThat(committing.getCommittableSerializer().getClass())
                .isEqualTo(connector.getCommittableSerializer().getClass());
    }
}
