package io.candlestream.simulator.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.candlestream.simulator.SimulatorStats;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The HTTP server through its route hook, with a JSON-RPC-like test protocol that is not Binance's. */
class SimHttpServerITCase {

    private static final MediaType JSON = MediaType.get("application/json");

    /** One POST endpoint of weight 5 that echoes its body, one GET endpoint of weight 0; errors as {"error":...}. */
    private static final class RpcProtocol implements HttpProtocol {
        @Override
        public Optional<HttpEndpoint> endpoint(String path) {
            return switch (path) {
                case "/rpc" -> Optional.of(HttpEndpoint.post(5,
                        (request, faults) -> HttpAnswer.ok("{\"result\":" + request.bodyText() + "}")
                                .delayedBy(faults.nextPageDelay())));
                case "/health" -> Optional.of(HttpEndpoint.get(0, (request, faults) -> HttpAnswer.ok("{}")));
                default -> Optional.empty();
            };
        }

        @Override
        public String refusalBody(Refusal refusal, int status, String detail) {
            return "{\"error\":\"" + refusal + "\",\"status\":" + status + "}";
        }

        @Override
        public int banStatus() {
            return 403;
        }

        @Override
        public Map<String, String> headers(int usedWeight) {
            return Map.of("X-Used", Integer.toString(usedWeight));
        }
    }

    private final AtomicLong wall = new AtomicLong(System.currentTimeMillis());
    private final SimulatorStats stats = new SimulatorStats();
    private final HttpFaultPlan faults = new HttpFaultPlan();
    private final OkHttpClient client = new OkHttpClient();
    private SimHttpServer server;

    @BeforeEach
    void startServer() throws IOException {
        server = new SimHttpServer(new RpcProtocol(),
                new RequestWeightLimiter(12, Duration.ofHours(1), wall::get, stats.weightWindows()),
                new RetryAfterEnforcer(Duration.ZERO, wall::get), faults, stats);
        server.start();
    }

    @AfterEach
    void stopServer() {
        server.close();
        client.dispatcher().executorService().shutdown();
        client.connectionPool().evictAll();
        assertThat(stats.internalErrors()).isZero();
    }

    private record Answer(int status, String body, String used, String retryAfter) {
    }

    private Answer call(String path, String postBody) throws IOException {
        Request.Builder request = new Request.Builder().url("http://127.0.0.1:" + server.port() + path);
        if (postBody != null) {
            request.post(RequestBody.create(postBody, JSON));
        }
        try (Response response = client.newCall(request.build()).execute()) {
            return new Answer(response.code(), response.body().string(), response.header("X-Used"),
                    response.header("Retry-After"));
        }
    }

    @Test
    void aPostEndpointReceivesItsBodyAndItsWeightIsCountedAndReported() throws IOException {
        Answer answer = call("/rpc", "{\"id\":1}");
        assertThat(answer.status()).isEqualTo(200);
        assertThat(answer.body()).isEqualTo("{\"result\":{\"id\":1}}");
        assertThat(answer.used()).isEqualTo("5");
        assertThat(call("/health", null).used()).as("weight 0 is not counted").isEqualTo("5");
        assertThat(stats.weightUsed()).isEqualTo(5);
    }

    @Test
    void unknownPathsAndWrongMethodsAreRefusedInTheProtocolsWords() throws IOException {
        assertThat(call("/nope", null)).extracting(Answer::status, Answer::body)
                .containsExactly(404, "{\"error\":\"NOT_FOUND\",\"status\":404}");
        assertThat(call("/rpc", null)).extracting(Answer::status, Answer::body)
                .containsExactly(405, "{\"error\":\"METHOD_NOT_ALLOWED\",\"status\":405}");
    }

    @Test
    void theWeightLimitAnswers429WithRetryAfterAndACallBeforeThenIsBanned() throws IOException {
        assertThat(call("/rpc", "1").status()).isEqualTo(200);
        assertThat(call("/rpc", "2").status()).isEqualTo(200);
        Answer refused = call("/rpc", "3");
        assertThat(refused.status()).isEqualTo(429);
        assertThat(refused.body()).contains("TOO_MANY_REQUESTS");
        assertThat(Long.parseLong(refused.retryAfter())).isPositive();
        Answer banned = call("/rpc", "4");
        assertThat(banned.status()).as("the protocol's ban status").isEqualTo(403);
        assertThat(banned.body()).contains("BANNED");
        assertThat(stats.weightLimit429s()).isEqualTo(1);
        assertThat(stats.bans418()).isEqualTo(1);
    }

    @Test
    void injectedFaultsComeInOrderAndThenRequestsAreServedAgain() throws IOException {
        faults.tooManyRequests(1, Duration.ofSeconds(2));
        faults.serverErrors(1, 503);
        Answer tooMany = call("/rpc", "1");
        assertThat(tooMany.status()).isEqualTo(429);
        assertThat(tooMany.retryAfter()).isEqualTo("2");
        wall.addAndGet(2_000); // the client waited as told
        assertThat(call("/rpc", "2")).extracting(Answer::status, Answer::body)
                .containsExactly(503, "{\"error\":\"SERVER_ERROR\",\"status\":503}");
        assertThat(call("/rpc", "3").status()).isEqualTo(200);
        assertThat(stats.injected429s()).isEqualTo(1);
        assertThat(stats.injected5xxs()).isEqualTo(1);
        assertThat(stats.bans418()).isZero();
    }

    @Test
    void aSlowPageIsHeldBackWithoutHoldingUpOtherRequests() throws Exception {
        faults.slowPages(1, Duration.ofMillis(800));
        long start = System.nanoTime();
        CompletableFuture<Answer> slow = CompletableFuture.supplyAsync(() -> {
            try {
                return call("/rpc", "\"slow\"");
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
        long deadline = start + Duration.ofSeconds(5).toNanos();
        while (stats.slowPages() == 0 && System.nanoTime() - deadline < 0) {
            LockSupport.parkNanos(1_000_000);
        }
        assertThat(call("/health", null).status()).isEqualTo(200);
        assertThat(Duration.ofNanos(System.nanoTime() - start)).as("served during the slow page")
                .isLessThan(Duration.ofMillis(800));
        assertThat(slow.get(10, TimeUnit.SECONDS).body()).isEqualTo("{\"result\":\"slow\"}");
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(Duration.ofMillis(800));
        assertThat(stats.slowPages()).isEqualTo(1);
    }
}
