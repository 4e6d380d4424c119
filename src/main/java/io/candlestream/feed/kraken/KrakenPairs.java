package io.candlestream.feed.kraken;

import com.fasterxml.jackson.databind.JsonNode;
import io.candlestream.config.InvalidOptionException;
import io.candlestream.feed.HistoryException;
import io.candlestream.feed.MalformedFrameException;
import java.util.Iterator;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Kraken's pair names. The table, {@code --symbols} and the WebSocket v2 write a pair as v2 does: {@code BASE/QUOTE}
 * with Kraken's v2 asset codes ({@code BTC/USD}, {@code BTC/USDT}); v1 codes are accepted and written the v2 way
 * ({@code XBT/USDT} → {@code BTC/USDT}, {@code XDG/USD} → {@code DOGE/USD}). REST names a pair differently (the
 * {@code AssetPairs} key such as {@code XXBTZUSD} and its {@code altname} {@code XBTUSD}), so the history client resolves
 * a v2 name through {@code GET /0/public/AssetPairs} by the pair's {@code wsname}
 * (https://docs.kraken.com/api/docs/rest-api/get-tradable-asset-pairs). Stateless.
 */
final class KrakenPairs {

    private static final Pattern PAIR = Pattern.compile("[A-Z0-9.]{1,16}/[A-Z0-9.]{1,16}");

    /** The v1 asset codes that WebSocket v2 writes differently (Kraken's v2 guide: "BTC/USD" instead of "XBT/USD"). */
    private static final Map<String, String> V2_ASSETS = Map.of("XBT", "BTC", "XDG", "DOGE");

    /** How REST names one pair: the {@code AssetPairs} key (the key of a {@code Trades} result) and its altname. */
    record RestPair(String key, String altname) {}

    private KrakenPairs() {}

    /** One {@code --symbols} entry in the table's form ({@code BTC/USD}); anything else names the syntax. */
    static String tableSymbol(String given) {
        String symbol = given.trim().toUpperCase(Locale.ROOT);
        if (!PAIR.matcher(symbol).matches()) {
            throw new InvalidOptionException("--symbols", "'" + given.trim() + "' is not a Kraken pair; write "
                    + "BASE/QUOTE as Kraken's WebSocket v2 does, e.g. BTC/USD,ETH/EUR,BTC/USDT");
        }
        return v2(symbol);
    }

    /** A {@code BASE/QUOTE} name with v1 asset codes replaced by v2's. */
    static String v2(String pair) {
        int slash = pair.indexOf('/');
        if (slash < 0) {
            return pair;
        }
        String base = pair.substring(0, slash);
        String quote = pair.substring(slash + 1);
        return V2_ASSETS.getOrDefault(base, base) + "/" + V2_ASSETS.getOrDefault(quote, quote);
    }

    /**
     * Finds {@code symbol} (the table's v2 form) in an {@code AssetPairs} answer by its {@code wsname}, written the v2
     * way; a pair Kraken does not list is a {@link HistoryException} that names it.
     */
    static RestPair resolve(String body, String symbol) throws MalformedFrameException {
        JsonNode result = KrakenAnswers.result(body, "the AssetPairs answer");
        if (!result.isObject()) {
            throw new MalformedFrameException("expected \"result\" of AssetPairs to be an object of pairs", body);
        }
        for (Iterator<Map.Entry<String, JsonNode>> it = result.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> pair = it.next();
            JsonNode wsname = pair.getValue().get("wsname");
            if (wsname != null && wsname.isTextual() && v2(wsname.textValue().toUpperCase(Locale.ROOT)).equals(symbol)) {
                String altname = pair.getValue().path("altname").asText(pair.getKey());
                return new RestPair(pair.getKey(), altname.isEmpty() ? pair.getKey() : altname);
            }
        }
        throw new HistoryException("Kraken lists no pair " + symbol + " in AssetPairs (its wsname, written the v2 way);"
                + " check --symbols: write it as the WebSocket v2 does, e.g. BTC/USD");
    }
}
