package io.candlestream.feed.binance;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import io.candlestream.model.Cursor;
import io.candlestream.model.StreamId;
import io.candlestream.model.Trade;
import java.io.IOException;
import java.math.BigDecimal;
import java.util.Locale;

/**
 * The fast path of {@link BinanceFrameDecoder}: reads the one frame the live stream is made of, a combined-stream
 * aggregate trade {@code {"stream":"btcusdt@aggTrade","data":{"e":"aggTrade","s":"BTCUSDT","a":..,"p":"..",...}}},
 * with Jackson's streaming parser, so a frame costs no JSON tree.
 *
 * <p>It accepts only what the tree decoder accepts, and gives the same trade: anything it is not sure of (another
 * kind of frame, a duplicate, missing or mistyped field, a failed check, invalid JSON, trailing tokens) makes it answer
 * {@code null}, and the decoder reads the frame again as a tree, which names the fault exactly. One per decoder, not
 * thread-safe: it keeps the last symbol's stream id so that a run of one symbol's frames allocates none.
 */
final class AggTradeFrameReader {

    private static final JsonFactory FACTORY = new JsonFactory();
    private static final String AGG_TRADE = "aggTrade";
    private static final String STREAM_SUFFIX = "@" + AGG_TRADE;

    /** The last symbol read and its stream id: a connection's frames mostly repeat a few symbols. */
    private String lastSymbol;
    private StreamId lastStream;
    private String lastStreamName;

    /** The frame's trade, or {@code null} if the frame is anything but a well-formed combined aggTrade frame. */
    Trade read(String frame) {
        try (JsonParser parser = FACTORY.createParser(frame)) {
            if (parser.nextToken() != JsonToken.START_OBJECT) {
                return null;
            }
            String stream = null;
            Trade trade = null;
            JsonToken token;
            while ((token = parser.nextToken()) == JsonToken.FIELD_NAME) {
                String name = parser.currentName();
                JsonToken value = parser.nextToken();
                if ("stream".equals(name) && stream == null && value == JsonToken.VALUE_STRING) {
                    stream = parser.getText();
                } else if ("data".equals(name) && trade == null && value == JsonToken.START_OBJECT) {
                    trade = payload(parser);
                    if (trade == null) {
                        return null;
                    }
                } else {
                    return null;
                }
            }
            if (token != JsonToken.END_OBJECT || stream == null || trade == null || parser.nextToken() != null) {
                return null;
            }
            return stream.equals(lastStreamName) ? trade : null; // payload() just set it for the trade's symbol
        } catch (IOException | RuntimeException e) {
            return null; // the tree decoder says what is wrong
        }
    }

    private Trade payload(JsonParser parser) throws IOException {
        String type = null;
        String symbol = null;
        String price = null;
        String quantity = null;
        long id = 0;
        long first = 0;
        long last = 0;
        long time = 0;
        int seen = 0; // bits: a, f, l, T
        JsonToken token;
        while ((token = parser.nextToken()) == JsonToken.FIELD_NAME) {
            String name = parser.currentName();
            JsonToken value = parser.nextToken();
            switch (name) {
                case "e" -> type = text(parser, value, type);
                case "s" -> symbol = text(parser, value, symbol);
                case "p" -> price = text(parser, value, price);
                case "q" -> quantity = text(parser, value, quantity);
                case "a" -> {
                    id = integer(parser, value, seen, 1);
                    seen |= 1;
                }
                case "f" -> {
                    first = integer(parser, value, seen, 2);
                    seen |= 2;
                }
                case "l" -> {
                    last = integer(parser, value, seen, 4);
                    seen |= 4;
                }
                case "T" -> {
                    time = integer(parser, value, seen, 8);
                    seen |= 8;
                }
                default -> parser.skipChildren(); // E, m, M and whatever Binance adds
            }
        }
        if (token != JsonToken.END_OBJECT || seen != 15 || !AGG_TRADE.equals(type) || symbol == null
                || price == null || quantity == null || first > last) {
            return null;
        }
        BigDecimal p = new BigDecimal(price);
        BigDecimal q = new BigDecimal(quantity);
        if (p.signum() <= 0 || q.signum() < 0) {
            return null;
        }
        return new Trade(streamOf(symbol), Cursor.ofId(id), time, p, q, last - first + 1);
    }

    /** A non-empty string value, once; anything else ends the fast path. */
    private static String text(JsonParser parser, JsonToken value, String previous) throws IOException {
        if (previous != null || value != JsonToken.VALUE_STRING) {
            throw new IOException("not the fast path");
        }
        String text = parser.getText();
        if (text.isEmpty()) {
            throw new IOException("not the fast path");
        }
        return text;
    }

    /** A 64-bit integer value, once; anything else ends the fast path. */
    private static long integer(JsonParser parser, JsonToken value, int seen, int bit) throws IOException {
        if ((seen & bit) != 0 || value != JsonToken.VALUE_NUMBER_INT
                || parser.getNumberType() == JsonParser.NumberType.BIG_INTEGER) {
            throw new IOException("not the fast path");
        }
        return parser.getLongValue();
    }

    private StreamId streamOf(String symbol) {
        if (!symbol.equals(lastSymbol)) {
            lastStream = StreamId.of(BinanceFeed.NAME, symbol.toUpperCase(Locale.ROOT));
            lastStreamName = lastStream.symbol().toLowerCase(Locale.ROOT) + STREAM_SUFFIX;
            lastSymbol = symbol;
        }
        return lastStream;
    }
}
