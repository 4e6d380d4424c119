package io.candlestream.simulator.bitquery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The standalone simulator's token sources and command line. */
class BitquerySimulatorMainTest {

    @Test
    void theTokenComesFromTheVariableOrTheFileItNames(@TempDir Path dir) throws IOException {
        assertThat(BitquerySimulatorMain.token(Map.of(BitquerySimulatorMain.TOKEN_ENV, " abc "))).isEqualTo("abc");
        Path file = dir.resolve("token");
        Files.writeString(file, "from-file\n");
        assertThat(BitquerySimulatorMain.token(Map.of(BitquerySimulatorMain.TOKEN_FILE_ENV, file.toString())))
                .isEqualTo("from-file");
    }

    @Test
    void noTokenOrTwoSourcesAreErrorsNamingTheVariables() {
        assertThatThrownBy(() -> BitquerySimulatorMain.token(Map.of()))
                .hasMessageContaining(BitquerySimulatorMain.TOKEN_ENV);
        assertThatThrownBy(() -> BitquerySimulatorMain.token(Map.of(BitquerySimulatorMain.TOKEN_ENV, "a",
                BitquerySimulatorMain.TOKEN_FILE_ENV, "/x"))).hasMessageContaining("both set");
    }

    @Test
    void thereIsNoTokenOptionAndBadValuesNameTheirOption() {
        assertThatThrownBy(() -> BitquerySimulatorMain.Options.parse(new String[] {"--token", "secret"}))
                .hasMessageContaining("unknown option --token").hasMessageNotContaining("secret");
        assertThatThrownBy(() -> BitquerySimulatorMain.Options.parse(new String[] {"--speed", "fast"}))
                .hasMessageContaining("--speed");
        assertThatThrownBy(() -> BitquerySimulatorMain.Options.parse(new String[] {"--faults", "maybe"}))
                .hasMessageContaining("--faults");
    }

    @Test
    void theSyntheticDemoChainHasHistoryBehindTheClock() {
        BitquerySimulatorMain.Options options = BitquerySimulatorMain.Options.parse(
                new String[] {"--synthetic", "--history-hours", "2", "--seed", "3"});
        BitquerySimulator sim = options.builder("t").build();
        long firstBlockTime = sim.allSwaps().get(0).blockTime();
        assertThat(sim.clock().start().getEpochSecond() - firstBlockTime).isBetween(7_000L, 7_200L);
        assertThat(sim.minedSwaps()).isNotEmpty();
    }
}
