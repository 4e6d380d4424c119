package io.candlestream.local;

import io.candlestream.simulator.DaemonThreadFactory;
import io.candlestream.simulator.ethereum.EthereumSimulator;
import io.candlestream.simulator.ws.SocketFault;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * The demo's simulated Ethereum node: two synthetic Uniswap V3 pools (one followed with token1 as its base), a block
 * every 12 s of chain time, a socket fault every 400 frames and a reorganisation of the newest block now and then.
 */
final class EthereumDemoExchange implements DemoExchange {

    private EthereumSimulator node;
    private List<String> symbols;
    private ScheduledExecutorService reorgs;

    @Override
    public String feed() {
        return "ethereum";
    }

    @Override
    public List<String> symbols() {
        return symbols;
    }

    @Override
    public void start(double speed) {
        node = EthereumSimulator.builder().syntheticPools(2, Instant.now().getEpochSecond()).syntheticBlocks(100_000)
                .swapEveryBlocks(2).speed(speed).build();
        node.start();
        List<String> pools = List.copyOf(node.pools().keySet());
        symbols = List.of(pools.get(0), pools.get(1) + ":token1");
        node.faults().transport().silenceDuration(Duration.ofSeconds(8)).every(400, SocketFault.ABRUPT_CLOSE,
                SocketFault.CORRUPT_FRAME, SocketFault.DUPLICATE_FRAME, SocketFault.CLOSE_FRAME, SocketFault.SILENCE);
        long every = Math.max(1_000, (long) (10 * 60_000 / speed)); // ten minutes of chain time
        reorgs = Executors.newSingleThreadScheduledExecutor(new DaemonThreadFactory("demo-reorgs"));
        reorgs.scheduleAtFixedRate(() -> {
            if (node.head() != null && node.head().number() > node.firstBlock() + 5) {
                node.reorg(1, true);
            }
        }, every, every, TimeUnit.MILLISECONDS);
    }

    @Override
    public String wsUrl() {
        return node.wsUrl();
    }

    @Override
    public String restUrl() {
        return node.rpcUrl();
    }

    @Override
    public long faultsInjected() {
        return node.stats().transport().socketFaultsTotal() + node.stats().reorgs();
    }

    @Override
    public void close() {
        if (reorgs != null) {
            reorgs.shutdownNow();
        }
        if (node != null) {
            node.close();
        }
    }
}
