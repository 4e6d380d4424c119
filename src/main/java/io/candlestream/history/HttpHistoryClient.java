package io.candlestream.history;

import io.candlestream.feed.HistoryException;
import io.candlestream.feed.HistoryListener;
import io.candlestream.feed.HistorySettings;
import io.candlestream.model.StreamId;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import okhttp3.Call;
import okhttp3.Callback;
import okhttp3.ConnectionPool;
import okhttp3.Dispatcher;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import okhttp3.ResponseBody;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The asynchronous HTTP client every feed's history uses: sends {@link HistoryRequest}s on OkHttp and completes each
 * future exactly once, with the parsed answer or a {@link HistoryException}.
 *
 * <ul>
 *   <li>5xx, timeouts, I/O errors and answers the request's parser rejects (reported as {@code pageRejected}) retry
 *       with {@link Backoff#fullJitter} up to {@code maxAttempts} attempts.
 *   <li>Rate limits (429, and what {@link FeedAnswers#rateLimit} adds) pause the request's host in the injected
 *       {@link HostPauses} for {@code Retry-After} (or {@code defaultRetryAfter}) plus up to
 *       {@value #RETRY_AFTER_JITTER_MILLIS} ms; they do not use up attempts, but at most {@code maxRateLimitedWaits}
 *       are waited out in a row.
 *   <li>Other answers fail at once with the feed's error text, and so does a 2xx answer whose parser throws a
 *       {@link HistoryException} (an error the feed writes inside a 200 that no retry changes). The feed's
 *       {@link RequestPacer} admits every send.
 * </ul>
 *
 * <p>Thread-safe; nothing blocks or sleeps: one scheduler thread runs the delays. {@link #close()} fails whatever is
 * still pending. Messages name a request by its {@link HistoryRequest#description()}: never its headers or body.
 */
public final class HttpHistoryClient implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(HttpHistoryClient.class);
    private static final MediaType JSON = MediaType.get("application/json; charset=utf-8");

    /** Most jitter added to a {@code Retry-After} wait, so paused clients do not come back in one burst. */
    public static final long RETRY_AFTER_JITTER_MILLIS = 250;

    private final HistorySettings settings;
    private final HistoryListener listener;
    private final HostPauses pauses;
    private final RequestPacer pacer;
    private final FeedAnswers answers;
    private final Backoff backoff;
    private final long defaultRetryAfterMillis;
    private final int maxRateLimitedWaits;
    private final OkHttpClient http;
    private final ScheduledExecutorService scheduler;
    private final Set<Exchange<?>> pending = ConcurrentHashMap.newKeySet();
    private final AtomicBoolean closed = new AtomicBoolean();

    private HttpHistoryClient(Builder builder) {
        this.settings = builder.settings;
        this.listener = builder.listener;
        this.pauses = builder.pauses;
        this.pacer = builder.pacer;
        this.answers = builder.answers;
        this.backoff = Backoff.fullJitter(settings.initialBackoff(), settings.maxBackoff());
        this.defaultRetryAfterMillis = builder.defaultRetryAfter.toMillis();
        this.maxRateLimitedWaits = builder.maxRateLimitedWaits;
        Dispatcher dispatcher = new Dispatcher();
        dispatcher.setMaxRequests(builder.maxConcurrentRequests);
        dispatcher.setMaxRequestsPerHost(builder.maxConcurrentRequests);
        this.http = new OkHttpClient.Builder().callTimeout(settings.requestTimeout()).dispatcher(dispatcher)
                .connectionPool(new ConnectionPool(builder.maxConcurrentRequests, 5, TimeUnit.MINUTES)).build();
        String threadName = builder.threadName;
        this.scheduler = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, threadName);
            thread.setDaemon(true);
            return thread;
        });
    }

    /** A builder; {@code pauses} must be given (see {@link HostPauses}: the creator decides who shares it). */
    public static Builder builder(HistorySettings settings, HistoryListener listener, HostPauses pauses) {
        return new Builder(settings, listener, pauses);
    }

    /** Sends the request (after the host's pause and the pacer allow it) and retries it as the class says. */
    public <T> CompletableFuture<T> send(HistoryRequest<T> request) {
        Exchange<T> exchange = new Exchange<>(Objects.requireNonNull(request, "request"));
        exchange.acquire();
        return exchange.result;
    }

    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        scheduler.shutdownNow();
        http.dispatcher().cancelAll();
        http.dispatcher().executorService().shutdown();
        http.connectionPool().evictAll();
        for (Exchange<?> exchange : pending) {
            exchange.result.completeExceptionally(new HistoryException("history client was closed; "
                    + exchange.request.description() + " did not complete"));
        }
        pending.clear();
    }

    /**
     * One logical request and its attempts. Attempts never overlap, so the counters are touched by one thread at a
     * time (hand-over through the scheduler and OkHttp's dispatcher gives the happens-before edges).
     */
    private final class Exchange<T> {
        final HistoryRequest<T> request;
        final StreamId stream;
        final CompletableFuture<T> result = new CompletableFuture<>();
        int failedAttempts;
        int rateLimitedWaits;

        Exchange(HistoryRequest<T> request) {
            this.request = request;
            this.stream = request.stream();
            pending.add(this);
            result.whenComplete((value, error) -> pending.remove(this));
        }

        void acquire() {
            if (closed.get()) {
                result.completeExceptionally(new HistoryException("history client was closed; "
                        + request.description()));
                return;
            }
            long paused = pauses.remainingMillis(request.hostKey());
            if (paused > 0) {
                schedule(this::acquire, paused);
                return;
            }
            RequestPacer.Admission admission = pacer.admit(request.cost(), () -> schedule(this::acquire, 0));
            if (admission.granted()) {
                send(admission);
            } else if (!admission.waitsForRelease()) {
                schedule(this::acquire, admission.delayMillis());
            }
        }

        void send(RequestPacer.Admission admission) {
            Request.Builder http = new Request.Builder().url(request.url());
            request.headers().forEach(http::header);
            if (request.jsonBody() != null) {
                http.post(RequestBody.create(request.jsonBody(), JSON));
            } else {
                http.get();
            }
            Call call = HttpHistoryClient.this.http.newCall(http.build());
            if (request.timeout() != null) {
                call.timeout().timeout(request.timeout().toMillis(), TimeUnit.MILLISECONDS);
            }
            long timeoutMillis = request.timeout() != null ? request.timeout().toMillis()
                    : settings.requestTimeout().toMillis();
            listener.requestStarted(stream);
            call.enqueue(new Callback() {
                @Override
                public void onFailure(Call call, IOException e) {
                    listener.requestFinished(stream);
                    guarded(() -> {
                        release(admission, null);
                        retryLater(e instanceof InterruptedIOException ? "timeout after " + timeoutMillis + " ms"
                                : "I/O error: " + e, e);
                    });
                }

                @Override
                public void onResponse(Call call, Response response) {
                    try (response) {
                        guarded(() -> handle(admission, response));
                    }
                }
            });
        }

        /** Reports the request finished before anything completes the result, so a caller never sees it in flight. */
        private void handle(RequestPacer.Admission admission, Response response) {
            String body = null;
            IOException readError = null;
            try {
                release(admission, response.headers());
                ResponseBody responseBody = response.body();
                body = responseBody == null ? "" : responseBody.string();
            } catch (IOException e) {
                readError = e;
            } finally {
                listener.requestFinished(stream);
            }
            if (readError != null) {
                retryLater("I/O error reading the answer: " + readError, readError);
                return;
            }
            int code = response.code();
            Optional<String> rateLimit = answers.rateLimit(code, body);
            if (rateLimit.isPresent()) {
                rateLimited(rateLimit.get(), response, body);
            } else if (code >= 200 && code < 300) {
                T value;
                try {
                    value = request.parser().parse(body);
                } catch (HistoryException e) {
                    // the feed says no retry can change this answer (Kraken's EQuery errors inside a 200)
                    result.completeExceptionally(new HistoryException(request.description() + " failed: "
                            + e.getMessage() + " (not retried: the request itself is wrong)", e));
                    return;
                } catch (Exception e) {
                    listener.pageRejected(stream, e.getMessage());
                    retryLater("rejected answer: " + e.getMessage(), e);
                    return;
                }
                result.complete(value);
            } else if (code >= 500) {
                String text = "HTTP " + code + " " + answers.errorText(code, body);
                retryLater(text, new IOException(text));
            } else {
                result.completeExceptionally(new HistoryException(request.description() + " failed with HTTP " + code
                        + " " + answers.errorText(code, body) + " (not retried: the request itself is wrong)"));
            }
        }

        private void release(RequestPacer.Admission admission, okhttp3.Headers headers) {
            for (Runnable waiter : pacer.release(admission, request.cost(), headers)) {
                waiter.run();
            }
        }

        private void rateLimited(String reason, Response response, String body) {
            long retryAfter = retryAfterMillis(response);
            long wait = retryAfter + ThreadLocalRandom.current().nextLong(RETRY_AFTER_JITTER_MILLIS + 1);
            LOG.warn("{} was rate limited ({}); every request to {} waits {} ms: {}", request.description(), reason,
                    request.hostKey(), wait, answers.errorText(response.code(), body));
            listener.rateLimited(stream, reason, Duration.ofMillis(retryAfter));
            pauses.pause(request.hostKey(), wait);
            rateLimitedWaits++;
            if (rateLimitedWaits > maxRateLimitedWaits) {
                result.completeExceptionally(new HistoryException(request.description() + " was rate limited ("
                        + reason + ") " + rateLimitedWaits + " times in a row; giving up"));
                return;
            }
            listener.retried(stream, reason);
            acquire(); // waits until the host's pause is over
        }

        private void retryLater(String reason, Throwable cause) {
            failedAttempts++;
            if (failedAttempts >= settings.maxAttempts()) {
                result.completeExceptionally(new HistoryException(request.description() + " failed after "
                        + failedAttempts + " attempts; last cause: " + reason, cause));
                return;
            }
            listener.retried(stream, reason);
            long delay = backoff.delayMillis(failedAttempts - 1);
            LOG.debug("{} attempt {} failed ({}); retrying in {} ms", request.description(), failedAttempts, reason,
                    delay);
            schedule(this::acquire, delay);
        }

        private void schedule(Runnable task, long delayMillis) {
            try {
                if (delayMillis <= 0) {
                    scheduler.execute(() -> guarded(task));
                } else {
                    scheduler.schedule(() -> guarded(task), delayMillis, TimeUnit.MILLISECONDS);
                }
            } catch (RejectedExecutionException e) {
                result.completeExceptionally(new HistoryException("history client was closed; "
                        + request.description(), e));
            }
        }

        /** Whatever goes wrong in a callback completes the result: every future completes. */
        private void guarded(Runnable task) {
            try {
                task.run();
            } catch (Throwable t) {
                result.completeExceptionally(new HistoryException(request.description() + " failed unexpectedly: "
                        + t, t));
            }
        }
    }

    private long retryAfterMillis(Response response) {
        String header = response.header("Retry-After");
        if (header != null) {
            try {
                long seconds = Long.parseLong(header.trim());
                if (seconds >= 0) {
                    return TimeUnit.SECONDS.toMillis(seconds);
                }
            } catch (NumberFormatException e) {
                LOG.warn("unreadable Retry-After header '{}'; waiting {} ms", header, defaultRetryAfterMillis);
            }
        }
        return defaultRetryAfterMillis;
    }

    /** Builds an {@link HttpHistoryClient}; {@link #build()} validates. */
    public static final class Builder {
        private final HistorySettings settings;
        private final HistoryListener listener;
        private final HostPauses pauses;
        private RequestPacer pacer = RequestPacer.NONE;
        private FeedAnswers answers = FeedAnswers.PLAIN;
        private Duration defaultRetryAfter = Duration.ofSeconds(1);
        private int maxRateLimitedWaits = 50;
        private int maxConcurrentRequests = 64;
        private String threadName = "history-timer";

        private Builder(HistorySettings settings, HistoryListener listener, HostPauses pauses) {
            this.settings = settings;
            this.listener = listener;
            this.pauses = pauses;
        }

        public Builder pacer(RequestPacer pacer) {
            this.pacer = pacer;
            return this;
        }

        public Builder answers(FeedAnswers answers) {
            this.answers = answers;
            return this;
        }

        /** The wait of a rate limit without a readable {@code Retry-After}; 1 s by default. */
        public Builder defaultRetryAfter(Duration wait) {
            this.defaultRetryAfter = wait;
            return this;
        }

        /** Rate-limited answers one request waits out in a row before it fails; 50 by default. */
        public Builder maxRateLimitedWaits(int waits) {
            this.maxRateLimitedWaits = waits;
            return this;
        }

        /** Requests on the wire at once; keep it above the pacer's cap so no admitted request queues in OkHttp. */
        public Builder maxConcurrentRequests(int requests) {
            this.maxConcurrentRequests = requests;
            return this;
        }

        public Builder threadName(String name) {
            this.threadName = name;
            return this;
        }

        public HttpHistoryClient build() {
            Objects.requireNonNull(settings, "settings");
            Objects.requireNonNull(listener, "listener");
            Objects.requireNonNull(pauses, "pauses (a HostPauses shared by the clients of one owner)");
            Objects.requireNonNull(pacer, "pacer");
            Objects.requireNonNull(answers, "answers");
            Objects.requireNonNull(threadName, "threadName");
            if (defaultRetryAfter == null || defaultRetryAfter.isNegative()) {
                throw new IllegalArgumentException("defaultRetryAfter must be a non-negative duration, was "
                        + defaultRetryAfter);
            }
            if (maxRateLimitedWaits < 0) {
                throw new IllegalArgumentException("maxRateLimitedWaits must be non-negative, was "
                        + maxRateLimitedWaits);
            }
            if (maxConcurrentRequests < 1) {
                throw new IllegalArgumentException("maxConcurrentRequests must be at least 1, was "
                        + maxConcurrentRequests);
            }
            return new HttpHistoryClient(this);
        }
    }
}
