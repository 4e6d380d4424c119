/**
 * The simulators' WebSocket transport (RFC 6455, server side) with its faults, knowing no feed: handshake, framing,
 * ping/pong, age limit and close handshake, a writer thread per connection, and the faults a client must survive
 * (TCP reset, silence, truncated text, close codes, binary frames, duplicate frames and overflow-inducing bursts). A
 * feed plugs in through {@link io.candlestream.simulator.ws.WsProtocol}: it accepts or rejects an upgrade by path and
 * query with an HTTP status, selects a subprotocol from the client's {@code Sec-WebSocket-Protocol} offer (echoed in
 * the 101), answers the client's text and binary messages (reply, change its session, close with a code) and frames
 * each published event per connection.
 *
 * <p>The transport is hand-written on {@code java.net.Socket} rather than on Jetty 12 or Netty. Neither is a
 * dependency of the job (Netty is only inside Flink, shaded, in {@code provided} scope, so it is not on the
 * simulator's own class path from {@code scripts/simulator.sh}), and neither lets a test do what the faults need
 * through its API: Jetty's WebSocket session sends only well-formed frames, cannot reset the TCP connection
 * (SO_LINGER 0) or stop in the middle of a frame, and frames every message itself; Netty can do all of it only by
 * writing raw bytes past its own WebSocket encoder and handshaker, at which point the framing, the handshake with its
 * subprotocol choice and the fault code would be the same as here plus a dependency. The hand-written server is about
 * 900 lines with unit tests of its codec and handshake and an integration test through a protocol of its own.
 */
package io.candlestream.simulator.ws;
