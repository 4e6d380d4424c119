package io.candlestream.simulator.binance;

import io.candlestream.simulator.SimClock;
import io.candlestream.simulator.ws.WsSettings;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * The validated, immutable settings of one simulator, produced by {@link BinanceSimulatorBuilder#build()}.
 *
 * @param symbols         all symbols served, upper case, replayed and manual ones included
 * @param replays         the symbols replayed from a CSV file, and their files
 * @param haltTradingAt   no trade after this simulated instant, or null
 * @param quietEvery      mean simulated time between quiet stretches of the synthetic trades (zero: none)
 * @param manualSymbols   the symbols whose trades the caller appends
 * @param retryAfterGrace how long after a 429 further requests still count as in flight rather than ignoring it
 * @param historyStart    when the synthetic trades begin, or null for the clock's start
 * @param firehose        whether trades flow as fast as the subscribers drain them, timed at the clock's now
 */
record SimulatorConfig(
        List<String> symbols, long seed, SimClock clock, double tradesPerMinute, Map<String, Path> replays,
        Map<String, List<AggTrade>> replayedTrades, Instant haltTradingAt, Duration quietEvery, int requestWeightLimit,
        Duration weightWindow, Duration retryAfterGrace, WsSettings wsSettings, Instant historyStart,
        java.util.Set<String> manualSymbols, boolean firehose) {
}
