package io.candlestream.local;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;

/**
 * Reads a running job's own metrics through Flink's REST API (the same data the web UI shows): for every vertex, the
 * metrics whose names end with a given suffix, summed over subtasks.
 */
public final class FlinkRestMetrics {

    private final String baseUrl;
    private final OkHttpClient http = new OkHttpClient();
    private final ObjectMapper json = new ObjectMapper();

    /** @param baseUrl the REST endpoint, e.g. {@code http://localhost:8081} */
    public FlinkRestMetrics(String baseUrl) {
        this.baseUrl = baseUrl.endsWith("/") ? baseUrl.substring(0, baseUrl.length() - 1) : baseUrl;
    }

    /** The metric names of every vertex of the job, by vertex id. */
    public Map<String, List<String>> metricNames(String jobId) throws IOException {
        Map<String, List<String>> out = new LinkedHashMap<>();
        for (JsonNode vertex : get("/jobs/" + jobId).path("vertices")) {
            String vid = vertex.path("id").asText();
            List<String> names = new ArrayList<>();
            for (JsonNode metric : get("/jobs/" + jobId + "/vertices/" + vid + "/subtasks/metrics")) {
                names.add(metric.path("id").asText());
            }
            out.put(vid, names);
        }
        return out;
    }

    /** Each metric whose name ends with {@code suffix}, summed over subtasks, by full metric name. */
    public Map<String, Double> sums(String jobId, String suffix) throws IOException {
        Map<String, Double> out = new LinkedHashMap<>();
        for (Map.Entry<String, List<String>> vertex : metricNames(jobId).entrySet()) {
            List<String> wanted = vertex.getValue().stream().filter(n -> n.endsWith(suffix)).toList();
            if (wanted.isEmpty()) {
                continue;
            }
            String get = URLEncoder.encode(String.join(",", wanted), StandardCharsets.UTF_8);
            for (JsonNode metric : get("/jobs/" + jobId + "/vertices/" + vertex.getKey()
                    + "/subtasks/metrics?get=" + get)) {
                out.put(metric.path("id").asText(), metric.path("sum").asDouble());
            }
        }
        return out;
    }

    /** The sum over all vertices and subtasks of the metrics ending with {@code suffix}. */
    public double total(String jobId, String suffix) throws IOException {
        return sums(jobId, suffix).values().stream().mapToDouble(Double::doubleValue).sum();
    }

    /** The parsed JSON answer of a GET on the REST API. */
    public JsonNode get(String path) throws IOException {
        try (Response response = http.newCall(new Request.Builder().url(baseUrl + path).build()).execute()) {
            if (!response.isSuccessful()) {
                throw new IOException("GET " + path + " answered HTTP " + response.code());
            }
            return json.readTree(response.body().string());
        }
    }
}
