package io.candlestream.feed.binance;

import io.candlestream.model.Cursor;
import io.candlestream.model.StreamId;
import io.candlestream.model.Trade;
import java.math.BigDecimal;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import okhttp3.mockwebserver.Dispatcher;
import okhttp3.mockwebserver.MockResponse;
import okhttp3.mockwebserver.RecordedRequest;
import okhttp3.mockwebserver.SocketPolicy;

/**
 * A scripted Binance REST endpoint for {@code MockWebServer}: serves a synthetic, dense list of aggregate trades
 * ({@code /api/v3/aggTrades} by fromId, startTime/endTime or latest), {@code /api/v3/exchangeInfo} and
 * {@code /api/v3/time}, counts request weight per window, and answers scripted faults. It writes the wire format
 * itself and uses no production parsing code.
 */
public final class FakeBinanceExchange extends Dispatcher {

    /** One request as it arrived, with its arrival time (System.nanoTime) and the status it was answered with. */
    public record Served(RecordedRequest request, long arrivedNanos, int status) {
        public String param(String name) {
            return request.getRequestUrl().queryParameter(name);
        }

        public String path() {
            return request.getRequestUrl().encodedPath();
        }
    }

    public static final long BASE_TIME = 1_700_000_000_000L;

    private final String symbol;
    private final long firstId;
    private final long lastId;
    private final Deque<Function<RecordedRequest, MockResponse>> aggTradesFaults = new ArrayDeque<>();
    private final List<Served> served = new ArrayList<>();
    private final Map<Long, Integer> weightByWindow = new HashMap<>();
    private Function<RecordedRequest, MockResponse> permanentFault;
    private int weightLimit = 6000;
    private long windowMillis = 60_000;
    private volatile boolean holdAggTrades;

    public FakeBinanceExchange(String symbol, long firstId, long lastId) {
        this.symbol = symbol;
        this.firstId = firstId;
        this.lastId = lastId;
    }

    /** The trade this exchange serves for {@code id}, as the client should decode it. */
    public static Trade trade(StreamId stream, long id) {
        return new Trade(stream, Cursor.ofId(id), time(id), new BigDecimal(price(id)), new BigDecimal(quantity(id)),
                id % 3 + 1);
    }

    public static long time(long id) {
        return BASE_TIME + id * 250;
    }

    private static String price(long id) {
        return String.format("0.%08d", 150_000 + id % 1000);
    }

    private static String quantity(long id) {
        return String.format("%d.%08d", 1 + id % 50, id % 7);
    }

    /** The JSON of these ids' trades, in the given order, as Binance writes an aggTrades page. */
    public static String page(List<Long> ids) {
        StringBuilder json = new StringBuilder("[");
        for (long id : ids) {
            if (json.length() > 1) {
                json.append(',');
            }
            json.append("{\"a\":").append(id)
                    .append(",\"p\":\"").append(price(id))
                    .append("\",\"q\":\"").append(quantity(id))
                    .append("\",\"f\":").append(id * 10)
                    .append(",\"l\":").append(id * 10 + id % 3)
                    .append(",\"T\":").append(time(id))
                    .append(",\"m\":true,\"M\":true}");
        }
        return json.append(']').toString();
    }

    /** The next aggTrades request is answered by {@code fault} instead (applied once). */
    public synchronized FakeBinanceExchange thenAggTrades(Function<RecordedRequest, MockResponse> fault) {
        aggTradesFaults.add(fault);
        return this;
    }

    /** Every aggTrades request is answered by {@code fault}. */
    public synchronized void alwaysAggTrades(Function<RecordedRequest, MockResponse> fault) {
        permanentFault = fault;
    }

    /** Enforces a weight limit per window (answering 429 past it) and states it in exchangeInfo. */
    public synchronized void limitWeight(int limit, long windowMillis) {
        this.weightLimit = limit;
        this.windowMillis = windowMillis;
    }

    /** While held, aggTrades requests get no answer at all (the connection stays open). */
    public void holdAggTrades(boolean hold) {
        this.holdAggTrades = hold;
    }

    public synchronized List<Served> served() {
        return List.copyOf(served);
    }

    public synchronized List<Served> served(String path) {
        return served.stream().filter(s -> s.path().equals(path)).toList();
    }

    public synchronized int maxWeightInAnyWindow() {
        return weightByWindow.values().stream().mapToInt(Integer::intValue).max().orElse(0);
    }

    public synchronized int windowsUsed() {
        return weightByWindow.size();
    }

    @Override
    public MockResponse dispatch(RecordedRequest request) {
        long arrived = System.nanoTime();
        MockResponse response;
        synchronized (this) {
            response = answer(request);
            served.add(new Served(request, arrived, response.getSocketPolicy() == SocketPolicy.NO_RESPONSE
                    ? -1 : Integer.parseInt(response.getStatus().split(" ")[1])));
        }
        return response;
    }

    private MockResponse answer(RecordedRequest request) {
        String path = request.getRequestUrl().encodedPath();
        int weight = switch (path) {
            case "/api/v3/aggTrades" -> 4;
            case "/api/v3/exchangeInfo" -> 20;
            default -> 1;
        };
        long window = Math.floorDiv(System.currentTimeMillis(), windowMillis);
        int used = weightByWindow.merge(window, weight, Integer::sum);
        if (used > weightLimit) {
            return new MockResponse().setResponseCode(429).setHeader("Retry-After", "1")
                    .setHeader("X-MBX-USED-WEIGHT-1M", used)
                    .setBody("{\"code\":-1003,\"msg\":\"Too many requests.\"}");
        }
        MockResponse response = switch (path) {
            case "/api/v3/aggTrades" -> aggTrades(request);
            case "/api/v3/exchangeInfo" -> json("{\"timezone\":\"UTC\",\"serverTime\":" + System.currentTimeMillis()
                    + ",\"rateLimits\":[{\"rateLimitType\":\"REQUEST_WEIGHT\",\"interval\":\"MINUTE\",\"intervalNum\":1,"
                    + "\"limit\":" + weightLimit + "},{\"rateLimitType\":\"ORDERS\",\"interval\":\"SECOND\","
                    + "\"intervalNum\":10,\"limit\":100}],\"symbols\":[]}");
            case "/api/v3/time" -> json("{\"serverTime\":" + time(lastId + 10) + "}");
            default -> new MockResponse().setResponseCode(404);
        };
        return response.getSocketPolicy() == SocketPolicy.NO_RESPONSE
                ? response
                : response.setHeader("X-MBX-USED-WEIGHT-1M", used);
    }

    private MockResponse aggTrades(RecordedRequest request) {
        if (holdAggTrades) {
            return new MockResponse().setSocketPolicy(SocketPolicy.NO_RESPONSE);
        }
        if (!symbol.equals(request.getRequestUrl().queryParameter("symbol"))) {
            return new MockResponse().setResponseCode(400).setBody("{\"code\":-1121,\"msg\":\"Invalid symbol.\"}");
        }
        Function<RecordedRequest, MockResponse> fault = aggTradesFaults.poll();
        if (fault == null) {
            fault = permanentFault;
        }
        if (fault != null) {
            MockResponse response = fault.apply(request);
            if (response != null) {
                return response;
            }
        }
        return json(page(idsFor(request)));
    }

    /** The ids a correct Binance answers with. */
    public List<Long> idsFor(RecordedRequest request) {
        String fromId = request.getRequestUrl().queryParameter("fromId");
        String startTime = request.getRequestUrl().queryParameter("startTime");
        String endTime = request.getRequestUrl().queryParameter("endTime");
        String limitText = request.getRequestUrl().queryParameter("limit");
        int limit = limitText == null ? 500 : Integer.parseInt(limitText);
        List<Long> ids = new ArrayList<>();
        if (fromId != null) {
            for (long id = Math.max(firstId, Long.parseLong(fromId)); id <= lastId && ids.size() < limit; id++) {
                ids.add(id);
            }
        } else if (startTime != null) {
            long start = Long.parseLong(startTime);
            long end = endTime == null ? Long.MAX_VALUE : Long.parseLong(endTime);
            for (long id = firstId; id <= lastId && ids.size() < limit; id++) {
                if (time(id) >= start && time(id) <= end) {
                    ids.add(id);
                }
            }
        } else {
            for (long id = Math.max(firstId, lastId - limit + 1); id <= lastId; id++) {
                ids.add(id);
            }
        }
        return ids;
    }

    private static MockResponse json(String body) {
        return new MockResponse().setHeader("Content-Type", "application/json;charset=UTF-8").setBody(body);
    }
}
