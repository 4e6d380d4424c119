package io.candlestream.chart;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.candlestream.candles.Interval;
import io.candlestream.sink.JdbcSettings;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The live candle chart ({@code --chart-port}, default {@value #DEFAULT_PORT}): the JDK's HTTP server on localhost
 * serving the page ({@code chart/index.html}), TradingView's lightweight-charts with its licence and notice, and two
 * JSON endpoints that read PostgreSQL: {@code /api/streams} and {@code /api/candles?stream=feed:SYMBOL&interval=1m
 * &limit=N} (at most {@value ChartQueries#MAX_WINDOW} candles, with the backfills in that window as markers).
 *
 * <p>The answers carry table data only: never the JDBC URL, the user, the password or any option value, and a failed
 * query answers a fixed text (the details go to the log).
 */
public final class ChartServer implements AutoCloseable {

    /** The default port of the chart. */
    public static final int DEFAULT_PORT = 8090;

    /** Candles per request when the page does not say. */
    static final int DEFAULT_WINDOW = 300;

    private static final Logger LOG = LoggerFactory.getLogger(ChartServer.class);
    private static final Pattern SYMBOL = Pattern.compile("[A-Za-z0-9_./:-]{1,64}");
    private static final Map<String, String[]> STATIC = Map.of(
            "/", new String[] {"chart/index.html", "text/html; charset=utf-8"},
            "/index.html", new String[] {"chart/index.html", "text/html; charset=utf-8"},
            "/lightweight-charts.standalone.production.js",
            new String[] {"chart/lightweight-charts/dist/lightweight-charts.standalone.production.js",
                    "text/javascript; charset=utf-8"},
            "/LICENSE-lightweight-charts.txt", new String[] {"chart/lightweight-charts/LICENSE",
                    "text/plain; charset=utf-8"},
            "/NOTICE-lightweight-charts.txt", new String[] {"chart/NOTICE-lightweight-charts.txt",
                    "text/plain; charset=utf-8"});

    private final HttpServer server;
    private final ExecutorService executor;
    private final ChartQueries queries;
    private final ObjectMapper json = new ObjectMapper();

    private ChartServer(HttpServer server, ExecutorService executor, ChartQueries queries) {
        this.server = server;
        this.executor = executor;
        this.queries = queries;
    }

    /**
     * Starts the chart on {@code localhost:port} ({@code 0} would be any free port; callers that mean "off" do not
     * call this), reading the tables through {@code jdbc}.
     *
     * @throws IOException naming {@code --chart-port} when the port is taken
     */
    public static ChartServer start(int port, JdbcSettings jdbc) throws IOException {
        HttpServer server;
        try {
            server = HttpServer.create(new InetSocketAddress("localhost", port), 16);
        } catch (java.net.BindException e) {
            throw new IOException("--chart-port " + port + " is in use; pick another port or 0 to turn the chart off",
                    e);
        }
        ExecutorService executor = Executors.newFixedThreadPool(2, runnable -> {
            Thread thread = new Thread(runnable, "candlestream-chart");
            thread.setDaemon(true);
            return thread;
        });
        ChartServer chart = new ChartServer(server, executor, new ChartQueries(jdbc));
        server.setExecutor(executor);
        server.createContext("/", chart::handle);
        server.start();
        return chart;
    }

    /** The port the chart listens on. */
    public int port() {
        return server.getAddress().getPort();
    }

    /** The page's URL. */
    public String url() {
        return "http://localhost:" + port() + "/";
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            if (!exchange.getRequestMethod().equals("GET")) {
                send(exchange, 405, "text/plain; charset=utf-8", bytes("only GET"));
                return;
            }
            String path = exchange.getRequestURI().getPath();
            if (path.equals("/api/streams")) {
                streams(exchange);
            } else if (path.equals("/api/candles")) {
                candles(exchange);
            } else if (STATIC.containsKey(path)) {
                String[] file = STATIC.get(path);
                byte[] body = resource(file[0]);
                if (body == null) {
                    send(exchange, 500, "text/plain; charset=utf-8", bytes("missing resource " + file[0]
                            + " in the jar: build with Maven (its npm step puts the chart library there)"));
                } else {
                    send(exchange, 200, file[1], body);
                }
            } else {
                send(exchange, 404, "text/plain; charset=utf-8", bytes("not found"));
            }
        } catch (RuntimeException e) {
            LOG.warn("chart request {} failed", exchange.getRequestURI().getPath(), e);
        }
    }

    private void streams(HttpExchange exchange) throws IOException {
        try {
            ObjectNode root = json.createObjectNode();
            ArrayNode streams = root.putArray("streams");
            for (Map.Entry<String, List<String>> stream : queries.streams().entrySet()) {
                ObjectNode node = streams.addObject().put("stream", stream.getKey());
                ArrayNode intervals = node.putArray("intervals");
                stream.getValue().stream().sorted((a, b) -> Long.compare(millis(a), millis(b)))
                        .forEach(intervals::add);
            }
            sendJson(exchange, 200, root);
        } catch (SQLException e) {
            databaseFailed(exchange, e);
        }
    }

    private void candles(HttpExchange exchange) throws IOException {
        Map<String, String> params = parameters(exchange.getRequestURI());
        String stream = params.get("stream");
        String interval = params.get("interval");
        int colon = stream == null ? -1 : stream.indexOf(':');
        if (colon < 1 || !SYMBOL.matcher(stream).matches()) {
            badRequest(exchange, "stream must be feed:SYMBOL, e.g. binance:BTCUSDT");
            return;
        }
        if (interval == null || !Interval.supportedLabels().contains(interval)) {
            badRequest(exchange, "interval must be one of " + Interval.supportedLabels());
            return;
        }
        int limit = DEFAULT_WINDOW;
        if (params.containsKey("limit")) {
            try {
                limit = Integer.parseInt(params.get("limit"));
            } catch (NumberFormatException e) {
                limit = -1;
            }
            if (limit < 1 || limit > ChartQueries.MAX_WINDOW) {
                badRequest(exchange, "limit must be 1.." + ChartQueries.MAX_WINDOW);
                return;
            }
        }
        String feed = stream.substring(0, colon);
        String symbol = stream.substring(colon + 1);
        try {
            List<ChartQueries.Bar> bars = queries.candles(feed, symbol, interval, limit);
            ObjectNode root = json.createObjectNode().put("stream", stream).put("interval", interval);
            ArrayNode candles = root.putArray("candles");
            for (ChartQueries.Bar bar : bars) {
                candles.addObject().put("time", bar.bucketStart() / 1000).put("open", bar.open())
                        .put("high", bar.high()).put("low", bar.low()).put("close", bar.close())
                        .put("volume", bar.volume()).put("trades", bar.trades());
            }
            ArrayNode fills = root.putArray("backfills");
            if (!bars.isEmpty()) {
                long from = bars.get(0).bucketStart();
                long to = bars.get(bars.size() - 1).bucketStart() + millis(interval);
                for (ChartQueries.Fill fill : queries.backfills(feed, symbol, from, to)) {
                    fills.addObject().put("from", fill.firstTradeTime()).put("to", fill.lastTradeTime())
                            .put("trades", fill.trades()).put("requests", fill.requests())
                            .put("reason", fill.reason());
                }
            }
            sendJson(exchange, 200, root);
        } catch (SQLException e) {
            databaseFailed(exchange, e);
        }
    }

    private static long millis(String interval) {
        return Interval.parse(interval).millis();
    }

    private void databaseFailed(HttpExchange exchange, SQLException e) throws IOException {
        // Never the URL, user or the driver's text (it may quote the URL): a fixed answer, the details in the log.
        LOG.warn("chart: reading the candles table failed: {} (SQL state {})", e.getMessage(), e.getSQLState());
        sendJson(exchange, 503, json.createObjectNode().put("error",
                "the database did not answer; see the job's log"));
    }

    private void badRequest(HttpExchange exchange, String message) throws IOException {
        sendJson(exchange, 400, json.createObjectNode().put("error", message));
    }

    private void sendJson(HttpExchange exchange, int status, ObjectNode body) throws IOException {
        send(exchange, status, "application/json", json.writeValueAsBytes(body));
    }

    private static void send(HttpExchange exchange, int status, String type, byte[] body) throws IOException {
        exchange.getResponseHeaders().set("Content-Type", type);
        exchange.getResponseHeaders().set("Cache-Control", "no-store");
        exchange.getResponseHeaders().set("X-Content-Type-Options", "nosniff");
        exchange.sendResponseHeaders(status, body.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
        }
    }

    private static byte[] resource(String name) throws IOException {
        try (InputStream in = ChartServer.class.getClassLoader().getResourceAsStream(name)) {
            return in == null ? null : in.readAllBytes();
        }
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private static Map<String, String> parameters(URI uri) {
        Map<String, String> out = new HashMap<>();
        String query = uri.getRawQuery();
        if (query == null) {
            return out;
        }
        for (String pair : query.split("&")) {
            int eq = pair.indexOf('=');
            if (eq > 0) {
                out.putIfAbsent(URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
                        URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
            }
        }
        return out;
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }
}
