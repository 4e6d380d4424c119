package io.candlestream.history;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.candlestream.feed.HistoryException;
import io.candlestream.feed.HistoryListener;
import io.candlestream.feed.HistorySettings;
import io.candlestream.model.StreamId;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import okhttp3.HttpUrl;
import okhttp3.mockwebserver.MockResponse;
import okhttp3.mockwebserver.MockWebServer;
import okhttp3.mockwebserver.RecordedRequest;
import okhttp3.mockwebserver.SocketPolicy;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class HttpHistoryClientTest {

    private static final StreamId STREAM = StreamId.of("test", "ABC");
    private static final String TOKEN = "Bearer s3cr3t-t0ken";

    private final ScriptedServer script = new ScriptedServer();
    private final Recorder listener = new Recorder();
    private final List<HttpHistoryClient> clients = new ArrayList<>();
    private MockWebServer server;

    @BeforeEach
    void startServer() throws Exception {
        server = new MockWebServer();
        server.setDispatcher(script);
        server.start();
    }

    @AfterEach
    void stop() throws Exception {
        clients.forEach(HttpHistoryClient::close);
        server.shutdown();
    }

    private HttpHistoryClient.Builder builder(int maxAttempts, HistoryListener listener, HostPauses pauses) {
        return HttpHistoryClient.builder(new HistorySettings(server.url("/").toString(), Duration.ofSeconds(10),
                maxAttempts, Duration.ofMillis(5), Duration.ofMillis(40)), listener, pauses);
    }

    private HttpHistoryClient client(HttpHistoryClient.Builder builder) {
        HttpHistoryClient client = builder.build();
        clients.add(client);
        return client;
    }

    private HttpHistoryClient client() {
        return client(builder(4, listener, new HostPauses()));
    }

    private HistoryRequest<String> get(String pathAndQuery) {
        return HistoryRequest.get(server.url(pathAndQuery), body -> body).stream(STREAM).build();
    }

    private static <T> T await(CompletableFuture<T> future) throws Exception {
        return future.get(30, TimeUnit.SECONDS);
    }

    private static long millisBetween(ScriptedServer.Arrival first, ScriptedServer.Arrival second) {
        return TimeUnit.NANOSECONDS.toMillis(second.nanos() - first.nanos());
    }

    @Test
    void a429WaitsItsRetryAfterThenSucceeds() throws Exception {
        script.then(new MockResponse().setResponseCode(429).setHeader("Retry-After", "1"));

        assertThat(await(client().send(get("/history")))).isEqualTo("ok");

        List<ScriptedServer.Arrival> arrivals = script.arrivals();
        assertThat(arrivals).hasSize(2);
        assertThat(millisBetween(arrivals.get(0), arrivals.get(1))).isGreaterThanOrEqualTo(1000);
        assertThat(listener.rateLimited).containsExactly("HTTP 429 PT1S");
        assertThat(listener.started.get()).isEqualTo(2).isEqualTo(listener.finished.get());
    }

    @Test
    void a418IsARateLimitOnlyWhenTheFeedSaysSo() throws Exception {
        FeedAnswers bans = new FeedAnswers() {
            @Override
            public Optional<String> rateLimit(int status, String body) {
                return status == 418 || status == 429 ? Optional.of("HTTP " + status) : Optional.empty();
            }
        };
        script.then(new MockResponse().setResponseCode(418).setHeader("Retry-After", "1"));
        assertThat(await(client(builder(4, listener, new HostPauses()).answers(bans)).send(get("/a")))).isEqualTo("ok");
        assertThat(listener.rateLimited).containsExactly("HTTP 418 PT1S");
        assertThat(millisBetween(script.arrivals().get(0), script.arrivals().get(1))).isGreaterThanOrEqualTo(1000);

        script.then(new MockResponse().setResponseCode(418).setBody("I'm a teapot"));
        assertThatThrownBy(() -> await(client().send(get("/b"))))
                .cause().isInstanceOf(HistoryException.class)
                .hasMessageContaining("HTTP 418").hasMessageContaining("I'm a teapot").hasMessageContaining("not retried");
    }

    @Test
    void serverErrorsAreRetriedThenSucceed() throws Exception {
        script.then(new MockResponse().setResponseCode(500)).then(new MockResponse().setResponseCode(503));

        assertThat(await(client().send(get("/history")))).isEqualTo("ok");

        assertThat(script.arrivals()).hasSize(3);
        assertThat(listener.retries).containsExactly("HTTP 500 (body: )", "HTTP 503 (body: )");
    }

    @Test
    void aRequestSlowerThanItsTimeoutIsRetried() throws Exception {
        script.then(new MockResponse().setHeadersDelay(5, TimeUnit.SECONDS).setBody("late"));
        HistoryRequest<String> request = HistoryRequest.get(server.url("/slow"), body -> body).stream(STREAM)
                .timeout(Duration.ofMillis(300)).build();

        assertThat(await(client().send(request))).isEqualTo("ok");

        assertThat(script.arrivals()).hasSize(2);
        assertThat(listener.retries).singleElement().satisfies(r -> assertThat(r).contains("timeout after 300 ms"));
    }

    @Test
    void exhaustedRetriesFailNamingHostAndPathButNotTheQuery() {
        script.always(new MockResponse().setResponseCode(502).setBody("Bad Gateway"));

        assertThatThrownBy(() -> await(client(builder(3, listener, new HostPauses()))
                .send(get("/v1/history?apikey=hunter2&from=5"))))
                .isInstanceOf(ExecutionException.class)
                .cause().isInstanceOf(HistoryException.class)
                .hasMessageContaining("GET http://" + server.getHostName() + ":" + server.getPort() + "/v1/history")
                .hasMessageContaining("after 3 attempts")
                .hasMessageContaining("HTTP 502 (body: Bad Gateway)")
                .hasMessageNotContaining("hunter2")
                .hasMessageNotContaining("apikey");
        assertThat(script.arrivals()).hasSize(3);
    }

    @Test
    void aClientErrorFailsAtOnceWithTheFeedsErrorText() {
        FeedAnswers kraken = new FeedAnswers() {
            @Override
            public String errorText(int status, String body) {
                return "(Kraken says " + body + ")";
            }
        };
        script.then(new MockResponse().setResponseCode(404).setBody("EQuery:Unknown asset pair"));

        assertThatThrownBy(() -> await(client(builder(5, listener, new HostPauses()).answers(kraken))
                .send(get("/0/public/Trades"))))
                .cause().isInstanceOf(HistoryException.class)
                .hasMessageContaining("HTTP 404")
                .hasMessageContaining("(Kraken says EQuery:Unknown asset pair)");
        assertThat(script.arrivals()).hasSize(1);
        assertThat(listener.retries).isEmpty();
    }

    @Test
    void onePauseHoldsBackASecondClientOfTheSameHost() throws Exception {
        HostPauses shared = new HostPauses();
        AtomicLong pausedAt = new AtomicLong();
        Recorder first = new Recorder() {
            @Override
            public void rateLimited(StreamId stream, String reason, Duration wait) {
                pausedAt.set(System.nanoTime());
                super.rateLimited(stream, reason, wait);
            }
        };
        script.then(new MockResponse().setResponseCode(429).setHeader("Retry-After", "1"));
        HttpHistoryClient a = client(builder(4, first, shared));
        HttpHistoryClient b = client(builder(4, listener, shared));
        HttpHistoryClient unrelated = client(builder(4, new Recorder(), new HostPauses()));

        CompletableFuture<String> fromA = a.send(get("/a"));
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (pausedAt.get() == 0 && System.nanoTime() < deadline) {
            Thread.onSpinWait();
        }
        assertThat(pausedAt.get()).as("client a was told 429").isNotZero();
        String fromUnrelated = await(unrelated.send(get("/c")));
        long unrelatedDone = System.nanoTime();
        String fromB = await(b.send(get("/b")));

        assertThat(fromUnrelated).isEqualTo("ok");
        assertThat(fromB).isEqualTo("ok");
        assertThat(await(fromA)).isEqualTo("ok");
        assertThat(TimeUnit.NANOSECONDS.toMillis(unrelatedDone - pausedAt.get())).isLessThan(1000);
        ScriptedServer.Arrival arrivalB = script.arrivals().stream()
                .filter(arrival -> arrival.request().getPath().equals("/b")).findFirst().orElseThrow();
        assertThat(TimeUnit.NANOSECONDS.toMillis(arrivalB.nanos() - pausedAt.get())).isGreaterThanOrEqualTo(1000);
        assertThat(listener.rateLimited).isEmpty();
    }

    @Test
    void aRateLimitInsideA200AnswerIsWaitedOutAndRetried() throws Exception {
        FeedAnswers kraken = new FeedAnswers() {
            @Override
            public Optional<String> rateLimit(int status, String body) {
                return body.contains("EGeneral:Too many requests")
                        ? Optional.of("EGeneral:Too many requests")
                        : FeedAnswers.super.rateLimit(status, body);
            }
        };
        script.then(new MockResponse().setBody("{\"error\":[\"EGeneral:Too many requests\"],\"result\":{}}"));
        HttpHistoryClient client = client(builder(4, listener, new HostPauses()).answers(kraken)
                .defaultRetryAfter(Duration.ofMillis(300)));

        assertThat(await(client.send(get("/0/public/Trades?pair=XBTUSD")))).isEqualTo("ok");

        List<ScriptedServer.Arrival> arrivals = script.arrivals();
        assertThat(arrivals).hasSize(2);
        assertThat(millisBetween(arrivals.get(0), arrivals.get(1))).isGreaterThanOrEqualTo(300);
        assertThat(listener.rateLimited).containsExactly("EGeneral:Too many requests PT0.3S");
        assertThat(listener.rejections).isEmpty();
    }

    @Test
    void rateLimitsInARowGiveUpAfterTheBoundedNumberOfWaits() {
        script.always(new MockResponse().setResponseCode(429).setHeader("Retry-After", "0"));

        assertThatThrownBy(() -> await(client(builder(4, listener, new HostPauses()).maxRateLimitedWaits(2))
                .send(get("/busy"))))
                .cause().isInstanceOf(HistoryException.class)
                .hasMessageContaining("/busy was rate limited (HTTP 429) 3 times in a row");
        assertThat(script.arrivals()).hasSize(3);
    }

    @Test
    void postsAJsonBodyWithAnAuthorizationHeaderThatNoMessageShows() throws Exception {
        HttpUrl url = server.url("/graphql");
        String query = "{\"query\":\"{ trades(limit: 10) { id } }\"}";
        script.then(new MockResponse().setResponseCode(503).setBody("busy"))
                .then(new MockResponse().setBody("{\"data\":{}}"));
        HttpHistoryClient client = client();

        String answer = await(client.send(HistoryRequest.post(url, query, body -> body).header("Authorization", TOKEN)
                .stream(STREAM).build()));

        assertThat(answer).isEqualTo("{\"data\":{}}");
        RecordedRequest sent = script.arrivals().get(1).request();
        assertThat(sent.getMethod()).isEqualTo("POST");
        assertThat(sent.getHeader("Authorization")).isEqualTo(TOKEN);
        assertThat(sent.getHeader("Content-Type")).startsWith("application/json");
        assertThat(sent.getBody().readUtf8()).isEqualTo(query);
        assertThat(listener.retries).singleElement().satisfies(r -> assertThat(r).doesNotContain("s3cr3t"));

        script.then(new MockResponse().setResponseCode(401).setBody("{\"errors\":[\"invalid token\"]}"));
        assertThatThrownBy(() -> await(client.send(HistoryRequest.post(url, query, body -> body)
                .header("Authorization", TOKEN).stream(STREAM).build())))
                .cause().isInstanceOf(HistoryException.class)
                .hasMessageContaining("POST http://" + server.getHostName() + ":" + server.getPort() + "/graphql")
                .hasMessageContaining("HTTP 401")
                .hasMessageNotContaining("s3cr3t")
                .hasMessageNotContaining("Authorization")
                .hasMessageNotContaining("trades(limit");
    }

    @Test
    void anAnswerTheParserRejectsIsReportedAndAskedForAgain() throws Exception {
        script.then(new MockResponse().setBody("[1,2,4]")).then(new MockResponse().setBody("[1,2,3]"));
        HistoryRequest<String> request = HistoryRequest.get(server.url("/page"), body -> {
            if (!body.equals("[1,2,3]")) {
                throw new RejectedAnswerException("page skips id 3", body);
            }
            return body;
        }).stream(STREAM).build();

        assertThat(await(client().send(request))).isEqualTo("[1,2,3]");

        assertThat(listener.rejections).singleElement().satisfies(r -> assertThat(r).contains("page skips id 3")
                .contains("[1,2,4]"));
        assertThat(listener.retries).singleElement().satisfies(r -> assertThat(r).startsWith("rejected answer"));
    }

    @Test
    void closeFailsPendingRequests() throws Exception {
        script.then(new MockResponse().setSocketPolicy(SocketPolicy.NO_RESPONSE));
        HttpHistoryClient client = client();
        CompletableFuture<String> pending = client.send(get("/held"));
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (script.arrivals().isEmpty() && System.nanoTime() < deadline) {
            Thread.onSpinWait();
        }

        client.close();

        assertThatThrownBy(() -> await(pending)).cause().isInstanceOf(HistoryException.class)
                .hasMessageContaining("/held");
        assertThatThrownBy(() -> await(client.send(get("/after")))).cause().isInstanceOf(HistoryException.class)
                .hasMessageContaining("closed");
    }

    /** Records what the client reports. */
    static class Recorder implements HistoryListener {
        final AtomicLong started = new AtomicLong();
        final AtomicLong finished = new AtomicLong();
        final List<String> retries = Collections.synchronizedList(new ArrayList<>());
        final List<String> rateLimited = Collections.synchronizedList(new ArrayList<>());
        final List<String> rejections = Collections.synchronizedList(new ArrayList<>());

        @Override
        public void requestStarted(StreamId stream) {
            started.incrementAndGet();
        }

        @Override
        public void requestFinished(StreamId stream) {
            finished.incrementAndGet();
        }

        @Override
        public void retried(StreamId stream, String reason) {
            retries.add(reason);
        }

        @Override
        public void rateLimited(StreamId stream, String reason, Duration wait) {
            rateLimited.add(reason + " " + wait);
        }

        @Override
        public void pageRejected(StreamId stream, String reason) {
            rejections.add(reason);
        }
    }
}
