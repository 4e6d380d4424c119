package io.candlestream.simulator.ethereum;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.concurrent.TimeUnit;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;

/** A plain JSON-RPC client over OkHttp for the tests: posts a body, returns status, headers and parsed JSON. */
final class RpcClient implements AutoCloseable {

    static final ObjectMapper JSON = new ObjectMapper();
    private static final MediaType APPLICATION_JSON = MediaType.get("application/json");

    /** What came back. */
    record Answer(int code, String body, String retryAfter) {
        JsonNode json() {
            try {
                return JSON.readTree(body);
            } catch (IOException e) {
                throw new AssertionError("not JSON: " + body, e);
            }
        }
    }

    final OkHttpClient http = new OkHttpClient.Builder().readTimeout(20, TimeUnit.SECONDS).build();
    private final String url;

    RpcClient(String url) {
        this.url = url;
    }

    Answer post(String body) {
        Request request = new Request.Builder().url(url).post(RequestBody.create(body, APPLICATION_JSON)).build();
        try (Response response = http.newCall(request).execute()) {
            return new Answer(response.code(), response.body().string(), response.header("Retry-After"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Calls {@code method} with {@code params} (a JSON array text) and returns the whole response object. */
    JsonNode call(String method, String params) {
        Answer answer = post("{\"jsonrpc\":\"2.0\",\"id\":7,\"method\":\"" + method + "\",\"params\":" + params + "}");
        if (answer.code() != 200) {
            throw new AssertionError("HTTP " + answer.code() + ": " + answer.body());
        }
        return answer.json();
    }

    /** The {@code result} of a call, failing on an error object. */
    JsonNode result(String method, String params) {
        JsonNode response = call(method, params);
        if (response.has("error")) {
            throw new AssertionError(method + " " + params + " failed: " + response.get("error"));
        }
        return response.get("result");
    }

    static long quantity(JsonNode hex) {
        String text = hex.asText();
        if (!text.startsWith("0x")) {
            throw new AssertionError("not a hex quantity: " + hex);
        }
        return Long.parseLong(text.substring(2), 16);
    }

    @Override
    public void close() {
        http.dispatcher().executorService().shutdown();
        http.connectionPool().evictAll();
    }
}
