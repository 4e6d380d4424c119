package io.candlestream.bench;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import okhttp3.WebSocket;
import okhttp3.WebSocketListener;

/**
 * The live-ingest baseline: a bare OkHttp WebSocket client on the same combined stream the job opens, parsing each
 * {@code aggTrade} frame with Jackson's streaming parser (id, price, quantity, trade time; no tree, no objects kept)
 * and doing nothing else. What a client that only reads the stream reaches on this machine.
 */
final class FirehoseReader extends WebSocketListener implements AutoCloseable {

    private static final JsonFactory JSON = new JsonFactory();

    private final OkHttpClient client = new OkHttpClient.Builder().readTimeout(30, TimeUnit.SECONDS).build();
    private final WebSocket socket;
    private volatile long trades; // written by OkHttp's reader thread only
    private volatile long checksum;
    private volatile Throwable failure;

    /** Connects to {@code <wsBase>/stream?streams=…} for the symbols, as the job does. */
    FirehoseReader(String wsBaseUrl, List<String> symbols) {
        String streams = symbols.stream().map(s -> s.toLowerCase(Locale.ROOT) + "@aggTrade")
                .collect(Collectors.joining("/"));
        socket = client.newWebSocket(new Request.Builder().url(wsBaseUrl + "/stream?streams=" + streams).build(), this);
    }

    /** Trades read so far. */
    long trades() {
        if (failure != null) {
            throw new IllegalStateException("the baseline client failed", failure);
        }
        return trades;
    }

    @Override
    public void onMessage(WebSocket webSocket, String text) {
        long id = 0;
        long time = 0;
        int priceLength = 0;
        int quantityLength = 0;
        try (JsonParser parser = JSON.createParser(text)) {
            JsonToken token;
            while ((token = parser.nextToken()) != null) {
                if (token != JsonToken.FIELD_NAME) {
                    continue;
                }
                String name = parser.currentName();
                parser.nextToken();
                switch (name) {
                    case "a" -> id = parser.getLongValue();
                    case "T" -> time = parser.getLongValue();
                    case "p" -> priceLength = parser.getTextLength();
                    case "q" -> quantityLength = parser.getTextLength();
                    default -> { }
                }
            }
        } catch (IOException e) {
            failure = e;
            return;
        }
        checksum += id ^ time ^ priceLength ^ quantityLength; // keeps the parsed fields alive
        trades++;
    }

    @Override
    public void onFailure(WebSocket webSocket, Throwable t, Response response) {
        failure = t;
    }

    @Override
    public void close() {
        socket.cancel();
        client.dispatcher().executorService().shutdown();
        client.connectionPool().evictAll();
    }
}
