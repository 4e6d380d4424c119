package io.candlestream.feed.bitquery;

import io.candlestream.feed.LiveSignals;
import io.candlestream.feed.MalformedFrameException;
import io.candlestream.model.Cursor;
import io.candlestream.model.StreamId;
import io.candlestream.model.Trade;
import java.util.ArrayList;
import java.util.List;

/** Every signal of a session as one line, in order, and the trades themselves. */
final class RecordedSignals implements LiveSignals {

    final List<String> lines = new ArrayList<>();
    final List<Trade> trades = new ArrayList<>();
    /** Where {@link #send} frames go besides the record (a real socket in an ITCase). */
    java.util.function.Consumer<String> sender = frame -> { };

    @Override
    public void trades(List<Trade> list) {
        trades.addAll(list);
        list.forEach(t -> lines.add("trade " + t.stream().symbol() + " " + t.cursor()));
    }

    @Override
    public void safeTime(StreamId stream, long epochMillis) {
        lines.add("safe " + stream.symbol() + " " + epochMillis);
    }

    @Override
    public void head(StreamId stream, Cursor newest) {
        lines.add("head " + newest);
    }

    @Override
    public void coversAfter(StreamId stream, Cursor position) {
        lines.add("covers " + position);
    }

    @Override
    public void reconnect(String reason) {
        lines.add("reconnect " + reason);
    }

    @Override
    public void reorg(long fromBlock, long toBlock, int droppedLogs, boolean beyondConfirmations) {
        lines.add("reorg " + fromBlock + ".." + toBlock + " " + droppedLogs + " " + beyondConfirmations);
    }

    @Override
    public void send(String frame) {
        lines.add("send " + frame);
        sender.accept(frame);
    }

    @Override
    public void streamError(StreamId stream, String message) {
        lines.add("error " + stream.symbol() + " " + message);
    }

    @Override
    public void malformed(StreamId stream, MalformedFrameException error) {
        lines.add("malformed " + error.getMessage());
    }

    List<String> matching(String prefix) {
        return lines.stream().filter(l -> l.startsWith(prefix)).toList();
    }
}
