/**
 * The simulated exchanges' shared core, independent of any protocol: the simulated clock ({@link
 * io.candlestream.simulator.SimClock}), the trade as a position in its stream ({@link
 * io.candlestream.simulator.SimTrade}, keyed by a {@link io.candlestream.model.Cursor}: an id, or a block and log
 * index), the per-symbol trade log that hides the future ({@link io.candlestream.simulator.TradeLog}), the seeded
 * synthetic trade source, the publisher that hands each trade over when the clock reaches it, the fault facade and
 * the statistics. The transports are in {@code ws} and {@code http}; each feed's simulator (wire format, routes,
 * control requests, builder and {@code main}) has its own package, {@code binance} first.
 */
package io.candlestream.simulator;
