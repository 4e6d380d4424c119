/**
 * An Ethereum node simulator on loopback ({@link io.candlestream.simulator.ethereum.EthereumSimulator}): a chain built
 * from real Uniswap V3 log dumps or synthetic swaps, mined by a simulated clock, served over standard JSON-RPC 2.0 on
 * HTTP and WebSocket ({@code eth_subscribe} newHeads and logs), with reorgs, provider range limits and transport
 * faults on demand. It writes the wire format itself and shares nothing with the feed's decoders.
 */
package io.candlestream.simulator.ethereum;
