package io.candlestream.feed.binance;

import com.fasterxml.jackson.databind.JsonNode;
import io.candlestream.feed.MalformedFrameException;
import io.candlestream.history.FeedAnswers;
import io.candlestream.model.StreamId;
import io.candlestream.model.Trade;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Binance's REST answers: 429 and the 418 ban are rate limits, errors read {@code {"code":…,"msg":…}}, and the bodies
 * of aggTrades and exchangeInfo parse to trades and the REQUEST_WEIGHT limit. Stateless and thread-safe.
 */
final class BinanceAnswers implements FeedAnswers {

    static final BinanceAnswers INSTANCE = new BinanceAnswers();

    /** A REQUEST_WEIGHT limit per window; a window of 0 means exchangeInfo stated none we can read. */
    record WeightLimit(int limit, long windowMillis) {}

    private BinanceAnswers() {}

    @Override
    public Optional<String> rateLimit(int status, String body) {
        return status == 429 || status == 418 ? Optional.of("HTTP " + status) : Optional.empty();
    }

    /** Binance's error body {@code {"code":-1121,"msg":"Invalid symbol."}} as text, or an excerpt of the body. */
    @Override
    public String errorText(int status, String body) {
        try {
            JsonNode root = BinanceAggTrades.JSON.readTree(body);
            if (root != null && root.has("code") && root.has("msg")) {
                return "(Binance code " + root.get("code").asText() + ": " + root.get("msg").asText() + ")";
            }
        } catch (IOException | RuntimeException e) {
            // not Binance's error format: fall through to the excerpt
        }
        return FeedAnswers.super.errorText(status, body);
    }

    /** An aggTrades array of {@code stream}'s symbol, at most {@code maxTrades} long (negative: any length). */
    static List<Trade> parseTrades(String body, StreamId stream, int maxTrades) throws MalformedFrameException {
        JsonNode root = BinanceAggTrades.readTree(body, "expected a JSON array of aggregate trades");
        if (!root.isArray()) {
            throw new MalformedFrameException("expected a JSON array of aggregate trades, got " + root.getNodeType(),
                    body);
        }
        if (maxTrades >= 0 && root.size() > maxTrades) {
            throw new MalformedFrameException("expected at most " + maxTrades + " aggregate trades, got " + root.size(),
                    body);
        }
        List<Trade> trades = new ArrayList<>(root.size());
        for (JsonNode node : root) {
            JsonNode symbol = node.get("s");
            if (symbol != null && !stream.symbol().equals(symbol.asText())) {
                throw new MalformedFrameException("expected trades of symbol " + stream.symbol() + ", got "
                        + symbol.asText(), body);
            }
            trades.add(BinanceAggTrades.toTrade(node, stream, body));
        }
        return trades;
    }

    /** The one trade of a {@code limit=1} answer, checked to lie in {@code [startTime, endTime]}; empty if none. */
    static Optional<Trade> firstInWindow(String body, StreamId stream, long startTime, long endTime)
            throws MalformedFrameException {
        List<Trade> trades = parseTrades(body, stream, 1);
        if (trades.isEmpty()) {
            return Optional.empty();
        }
        Trade first = trades.get(0);
        if (first.time() < startTime || first.time() > endTime) {
            throw new MalformedFrameException("expected a trade at time " + startTime + ".." + endTime + ", got time "
                    + first.time(), body);
        }
        return Optional.of(first);
    }

    /**
     * The REQUEST_WEIGHT limit: the per-minute one if exchangeInfo states it (Binance does), else the first one with a
     * readable window ({@code interval} SECOND/MINUTE/HOUR/DAY × {@code intervalNum}), else {@code defaultLimit}.
     */
    static WeightLimit parseWeightLimit(String body, int defaultLimit) throws MalformedFrameException {
        JsonNode root = BinanceAggTrades.readTree(body, "expected the exchangeInfo object");
        WeightLimit found = null;
        for (JsonNode limit : root.path("rateLimits")) {
            if (!"REQUEST_WEIGHT".equals(limit.path("rateLimitType").asText())) {
                continue;
            }
            long unit = switch (limit.path("interval").asText()) {
                case "SECOND" -> 1_000L;
                case "MINUTE" -> 60_000L;
                case "HOUR" -> 3_600_000L;
                case "DAY" -> 86_400_000L;
                default -> 0L;
            };
            long value = BinanceAggTrades.longField(limit, "limit", "REQUEST_WEIGHT limit", body);
            if (value < 1 || value > Integer.MAX_VALUE) {
                throw new MalformedFrameException("expected a positive REQUEST_WEIGHT limit, got " + value, body);
            }
            WeightLimit candidate = new WeightLimit((int) value, unit * Math.max(1, limit.path("intervalNum").asInt(1)));
            if (candidate.windowMillis() == 60_000L) {
                return candidate;
            }
            if (found == null && candidate.windowMillis() > 0) {
                found = candidate;
            }
        }
        return found != null ? found : new WeightLimit(defaultLimit, 0);
    }
}
