package io.candlestream.simulator.ethereum;

import io.candlestream.simulator.SimClock;
import io.candlestream.simulator.ws.WsSettings;
import java.util.Map;

/**
 * A validated simulator configuration, what {@link EthereumSimulatorBuilder#build()} hands to the simulator.
 *
 * @param input           the chain's logs and known block timestamps
 * @param pools           token metadata per pool address
 * @param clock           chain time
 * @param blockTimestamps whether log objects carry {@code blockTimestamp}
 * @param wsSettings      the WebSocket keep-alive rules
 */
record EthereumSimulatorConfig(ChainInput input, Map<String, PoolTokens> pools, SimClock clock, boolean blockTimestamps,
        WsSettings wsSettings) {

    EthereumSimulatorConfig {
        pools = Map.copyOf(pools);
    }
}
