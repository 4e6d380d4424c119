package io.candlestream.history;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import okhttp3.mockwebserver.Dispatcher;
import okhttp3.mockwebserver.MockResponse;
import okhttp3.mockwebserver.RecordedRequest;

/** A MockWebServer dispatcher that answers from a script, then with a fallback, and records when requests arrived. */
final class ScriptedServer extends Dispatcher {

    /** One request as the server saw it. */
    record Arrival(RecordedRequest request, long nanos) {}

    private final ConcurrentLinkedQueue<MockResponse> script = new ConcurrentLinkedQueue<>();
    private final List<Arrival> arrivals = Collections.synchronizedList(new ArrayList<>());
    private volatile MockResponse fallback = new MockResponse().setBody("ok");

    ScriptedServer then(MockResponse response) {
        script.add(response);
        return this;
    }

    ScriptedServer always(MockResponse response) {
        fallback = response;
        return this;
    }

    @Override
    public MockResponse dispatch(RecordedRequest request) {
        arrivals.add(new Arrival(request, System.nanoTime()));
        MockResponse next = script.poll();
        return next != null ? next : fallback;
    }

    List<Arrival> arrivals() {
        synchronized (arrivals) {
            return List.copyOf(arrivals);
        }
    }
}
