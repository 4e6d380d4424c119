package io.candlestream.feed;

import io.candlestream.model.Trade;
import java.util.List;

/**
 * Turns one text frame of a feed's live WebSocket into the trades it carries; not thread-safe. A {@link LiveSession}
 * may use one for its trade frames (Binance's does); the engine itself only talks to sessions.
 */
public interface LiveFrameDecoder {

    /**
     * Decodes one frame. A control frame (a subscription answer, for example) yields an empty list.
     *
     * @throws MalformedFrameException if the frame is not what the protocol allows
     */
    List<Trade> decode(String frame) throws MalformedFrameException;
}
