/**
 * The simulators' HTTP server on loopback ({@link io.candlestream.simulator.http.SimHttpServer}, on the JDK's
 * {@code com.sun.net.httpserver}) and its generic faults: injected 429 with {@code Retry-After} and 5xx answers, slow
 * pages that hold no handler thread, pages that skip an item, a fixed-window request-weight limit, and the ban of a
 * client that calls again while told to wait. A feed plugs in through {@link
 * io.candlestream.simulator.http.HttpProtocol}: its endpoints (path, weight, methods, handler; GET for REST, POST for
 * JSON-RPC or GraphQL), its error bodies and the headers every answer carries. The server knows no feed.
 */
package io.candlestream.simulator.http;
