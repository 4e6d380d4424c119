package io.candlestream.simulator.http;

/** What the HTTP server counts, for a simulator's statistics; implementations are thread-safe. */
public interface HttpStats {

    void restRequest();

    void weightUsed(int weight);

    void weightLimit429();

    /** A request reached the endpoint at {@code path} (past faults and limits), charged {@code weight}. */
    default void endpointServed(String path, int weight) {}

    void injected429();

    void injected5xx();

    void slowPage();

    void ban418();

    /** An unexpected exception inside the server or an endpoint (also logged). */
    void internalError();
}
