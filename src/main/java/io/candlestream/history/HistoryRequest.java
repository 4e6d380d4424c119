package io.candlestream.history;

import io.candlestream.model.StreamId;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import okhttp3.HttpUrl;

/**
 * One logical history request: method, URL, optional JSON body and extra headers (e.g. {@code Authorization}), its
 * cost for the feed's {@link RequestPacer}, and the parser of its answer. Immutable; build with {@link #get} or
 * {@link #post}. Headers and body never appear in {@link #description()}, and the query only when the feed says it is
 * free of secrets.
 */
public final class HistoryRequest<T> {

    private final String method;
    private final HttpUrl url;
    private final String jsonBody;
    private final Map<String, String> headers;
    private final StreamId stream;
    private final int cost;
    private final Duration timeout;
    private final AnswerParser<T> parser;
    private final String description;

    private HistoryRequest(Builder<T> builder) {
        this.method = builder.method;
        this.url = builder.url;
        this.jsonBody = builder.jsonBody;
        this.headers = Map.copyOf(builder.headers);
        this.stream = builder.stream;
        this.cost = builder.cost;
        this.timeout = builder.timeout;
        this.parser = builder.parser;
        String shown = builder.publicQuery
                ? url.toString()
                : url.scheme() + "://" + url.host() + ":" + url.port() + url.encodedPath();
        this.description = method + " " + shown;
    }

    /** A GET of {@code url}, answered through {@code parser}. */
    public static <T> Builder<T> get(HttpUrl url, AnswerParser<T> parser) {
        return new Builder<>("GET", url, null, parser);
    }

    /** A POST of {@code jsonBody} (sent as {@code application/json}) to {@code url}. */
    public static <T> Builder<T> post(HttpUrl url, String jsonBody, AnswerParser<T> parser) {
        return new Builder<>("POST", url, Objects.requireNonNull(jsonBody, "jsonBody"), parser);
    }

    public String method() {
        return method;
    }

    public HttpUrl url() {
        return url;
    }

    /** The JSON body of a POST, {@code null} for a GET. */
    public String jsonBody() {
        return jsonBody;
    }

    public Map<String, String> headers() {
        return headers;
    }

    /** The stream the request is for, or {@code null} (e.g. the server clock). */
    public StreamId stream() {
        return stream;
    }

    public int cost() {
        return cost;
    }

    /** The per-request timeout, or {@code null} for the client's. */
    public Duration timeout() {
        return timeout;
    }

    public AnswerParser<T> parser() {
        return parser;
    }

    /** What messages and logs call this request: method, scheme, host, port and path (the query only if public). */
    public String description() {
        return description;
    }

    /** The pacing key of a pause: {@code host:port}. */
    public String hostKey() {
        return url.host() + ":" + url.port();
    }

    @Override
    public String toString() {
        return description;
    }

    /** Builds a {@link HistoryRequest}; {@link #build()} validates. */
    public static final class Builder<T> {
        private final String method;
        private final HttpUrl url;
        private final String jsonBody;
        private final AnswerParser<T> parser;
        private final Map<String, String> headers = new LinkedHashMap<>();
        private StreamId stream;
        private int cost = 1;
        private Duration timeout;
        private boolean publicQuery;

        private Builder(String method, HttpUrl url, String jsonBody, AnswerParser<T> parser) {
            this.method = method;
            this.url = url;
            this.jsonBody = jsonBody;
            this.parser = parser;
        }

        /** Adds a header, e.g. {@code Authorization: Bearer …}; its value is never shown. */
        public Builder<T> header(String name, String value) {
            headers.put(Objects.requireNonNull(name, "header name"), Objects.requireNonNull(value, name));
            return this;
        }

        public Builder<T> stream(StreamId stream) {
            this.stream = stream;
            return this;
        }

        /** The request's cost for the feed's pacer (Binance: its request weight); 1 by default. */
        public Builder<T> cost(int cost) {
            this.cost = cost;
            return this;
        }

        /** A timeout for this request instead of the client's. */
        public Builder<T> timeout(Duration timeout) {
            this.timeout = timeout;
            return this;
        }

        /** The query holds no secret, so messages may show it (Binance's ids and symbols). */
        public Builder<T> publicQuery() {
            this.publicQuery = true;
            return this;
        }

        public HistoryRequest<T> build() {
            if (url == null) {
                throw new IllegalArgumentException("a history request needs a URL, was null");
            }
            if (parser == null) {
                throw new IllegalArgumentException("a history request needs an answer parser, was null (" + method
                        + " " + url.encodedPath() + ")");
            }
            if (cost < 0) {
                throw new IllegalArgumentException("cost must be non-negative, was " + cost);
            }
            if (timeout != null && (timeout.isZero() || timeout.isNegative())) {
                throw new IllegalArgumentException("timeout must be positive, was " + timeout);
            }
            return new HistoryRequest<>(this);
        }
    }
}
