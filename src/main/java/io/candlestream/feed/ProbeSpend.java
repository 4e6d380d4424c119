package io.candlestream.feed;

import java.util.concurrent.atomic.AtomicLong;

/**
 * What a history client spent on quiet-stream probes: requests sent and the rate-limit weight (or call cost) they
 * were charged, counted when sent, retries included. The reader shows both as gauges, so a benchmark can read the
 * weight per minute probes take from the exchange's budget. Thread-safe.
 */
public final class ProbeSpend {

    private final AtomicLong requests = new AtomicLong();
    private final AtomicLong weight = new AtomicLong();

    /** Counts one probe request of this weight. */
    public void request(int requestWeight) {
        requests.incrementAndGet();
        weight.addAndGet(requestWeight);
    }

    public long requests() {
        return requests.get();
    }

    public long weight() {
        return weight.get();
    }
}
