package io.candlestream.local;

import io.candlestream.feed.bitquery.BitqueryToken;
import io.candlestream.simulator.bitquery.BitqueryFaultTurns;
import io.candlestream.simulator.bitquery.BitquerySimulator;
import io.candlestream.simulator.bitquery.SwapPool;
import io.candlestream.simulator.SimClock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * The demo's simulated Bitquery endpoint: the two Uniswap V3 pools of the shared data as synthetic swaps (one followed
 * with token1 as its base), two hours of history, DEX activity in every block, and a Bitquery fault every half minute
 * in turns. It accepts the token the job reads ({@code CANDLESTREAM_BITQUERY_TOKEN}, which {@code scripts/demo.sh}
 * sets to a throw-away value when it is unset).
 */
final class BitqueryDemoExchange implements DemoExchange {

    private BitquerySimulator sim;
    private BitqueryFaultTurns faults;

    @Override
    public String feed() {
        return "bitquery";
    }

    @Override
    public List<String> symbols() {
        return List.of(SwapPool.USDC_WETH.address() + ":token1", SwapPool.WETH_OSQTH.address());
    }

    @Override
    public void start(double speed) {
        String token = BitqueryToken.FROM_ENV.require();
        Instant now = Instant.ofEpochSecond(System.currentTimeMillis() / 1000);
        Duration history = Duration.ofHours(2);
        int blocks = (int) ((history.toSeconds() + Duration.ofDays(2).toSeconds()) / 12);
        sim = BitquerySimulator.builder().token(token).synthetic(SwapPool.KNOWN, now.getEpochSecond())
                .syntheticStart(now.minus(history)).syntheticBlocks(blocks).otherDexActivity(Duration.ofDays(1))
                .clock(SimClock.accelerated(now, speed)).build();
        sim.start();
        faults = new BitqueryFaultTurns(sim, Duration.ofSeconds(30));
    }

    @Override
    public String wsUrl() {
        return sim.wsUrl();
    }

    @Override
    public String restUrl() {
        return sim.httpUrl();
    }

    @Override
    public long faultsInjected() {
        var stats = sim.stats();
        return stats.transport().socketFaultsTotal() + stats.tooSlowCloses() + stats.reorderedPortions();
    }

    @Override
    public void close() {
        if (faults != null) {
            faults.close();
        }
        if (sim != null) {
            sim.close();
        }
    }
}
