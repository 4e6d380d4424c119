package io.candlestream.feed.binance;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import io.candlestream.feed.MalformedFrameException;
import java.io.IOException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import okhttp3.HttpUrl;

/**
 * Binance's 24-hour ticker ({@code GET /api/v3/ticker/24hr}) as the quiet-stream probe uses it: one request for many
 * symbols, of which only each symbol's {@code lastId} is read — the id of its newest raw trade in the rolling window
 * (-1 when it had none), a change detector, not an aggregate trade id. The request lists the symbols while that is
 * cheaper than asking for every symbol: weight 2 for 1–20 symbols, 40 for 21–100; 80 for more, when it asks for all.
 */
final class BinanceTickers {

    static final int WEIGHT_FEW = 2;
    static final int WEIGHT_SOME = 40;
    static final int WEIGHT_ALL = 80;
    static final int FEW_SYMBOLS = 20;
    static final int SOME_SYMBOLS = 100;

    private static final JsonFactory JSON = new JsonFactory();

    private BinanceTickers() {}

    /** The weight of one ticker request covering {@code symbols} symbols. */
    static int weight(int symbols) {
        return symbols <= FEW_SYMBOLS ? WEIGHT_FEW : symbols <= SOME_SYMBOLS ? WEIGHT_SOME : WEIGHT_ALL;
    }

    /** The request for {@code symbols}: listing them ({@code type=MINI}) up to 100, else every symbol's. */
    static HttpUrl url(HttpUrl base, List<String> symbols) {
        HttpUrl.Builder url = base.newBuilder().addPathSegments("api/v3/ticker/24hr");
        if (symbols.size() <= SOME_SYMBOLS) {
            StringBuilder list = new StringBuilder(symbols.size() * 12 + 2).append('[');
            for (int i = 0; i < symbols.size(); i++) {
                list.append(i == 0 ? "\"" : ",\"").append(symbols.get(i)).append('"');
            }
            url.addQueryParameter("symbols", list.append(']').toString());
        }
        return url.addQueryParameter("type", "MINI").build();
    }

    /**
     * Each symbol's {@code lastId} from a ticker answer (an array of ticker objects, or one object), read with the
     * streaming parser (no tree: the answer for every symbol has thousands of objects).
     */
    static Map<String, Long> lastIds(String body) throws MalformedFrameException {
        Map<String, Long> lastIds = new HashMap<>();
        try (JsonParser parser = JSON.createParser(body)) {
            JsonToken first = parser.nextToken();
            if (first == JsonToken.START_OBJECT) {
                readTicker(parser, lastIds, body);
            } else if (first == JsonToken.START_ARRAY) {
                JsonToken token;
                while ((token = parser.nextToken()) == JsonToken.START_OBJECT) {
                    readTicker(parser, lastIds, body);
                }
                if (token != JsonToken.END_ARRAY) {
                    throw new MalformedFrameException("expected an array of 24hr ticker objects", body);
                }
            } else {
                throw new MalformedFrameException("expected a 24hr ticker object or an array of them", body);
            }
            if (parser.nextToken() != null) {
                throw new MalformedFrameException("trailing content after the 24hr ticker answer", body);
            }
        } catch (IOException e) {
            throw new MalformedFrameException("expected a 24hr ticker answer (not valid JSON: " + e.getMessage() + ")",
                    body, e);
        }
        return lastIds;
    }

    // The parser is on the object's START_OBJECT; leaves it on its END_OBJECT.
    private static void readTicker(JsonParser parser, Map<String, Long> lastIds, String body) throws IOException,
            MalformedFrameException {
        String symbol = null;
        Long lastId = null;
        while (parser.nextToken() == JsonToken.FIELD_NAME) {
            String field = parser.currentName();
            JsonToken value = parser.nextToken();
            if (field.equals("symbol") && value == JsonToken.VALUE_STRING) {
                symbol = parser.getText();
            } else if (field.equals("lastId") && value == JsonToken.VALUE_NUMBER_INT) {
                lastId = parser.getLongValue();
            } else {
                parser.skipChildren();
            }
        }
        if (symbol == null || lastId == null) {
            throw new MalformedFrameException("a 24hr ticker object without \"symbol\" or an integer \"lastId\"", body);
        }
        lastIds.put(symbol, lastId);
    }
}
