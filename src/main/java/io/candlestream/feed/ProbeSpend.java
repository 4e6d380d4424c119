package io.candlestream.feed;

import java.util.concurrent.atomic.AtomicLong;

/**
 * What a history client spent on quiet-stream probes: requests and the rate-limit weight (or call cost) each is
 * charged, counted once when the probe asks for it (a retry the HTTP client makes after a 429 or 5xx is not counted
 * again; the simulators' per-endpoint figures count every answer). The reader shows both as gauges, so a benchmark
 * can read the weight per minute probes take from the exchange's budget. Thread-safe.
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
