package io.candlestream.simulator.kraken;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads a Kraken trade CSV ({@code trade_id,price,volume,time_s,time_ms,side,ordertype,misc}, the columns of
 * {@code kraken-xbtusdt/XBTUSDT-trades.csv}, with or without its header) into trades that keep the file's exact text
 * for price, volume and time.
 */
final class KrakenCsvReplay {

    private static final int COLUMNS = 8;

    private KrakenCsvReplay() {}

    /** All rows of {@code csv} as trades of {@code symbol}, checked to have dense ascending ids and ordered times. */
    static List<KrakenTrade> read(String symbol, Path csv) {
        List<KrakenTrade> trades = new ArrayList<>();
        try (BufferedReader reader = Files.newBufferedReader(csv, StandardCharsets.UTF_8)) {
            String line;
            int lineNumber = 0;
            while ((line = reader.readLine()) != null) {
                lineNumber++;
                if (line.isBlank() || (lineNumber == 1 && !Character.isDigit(line.charAt(0)))) {
                    continue;
                }
                KrakenTrade trade = parse(symbol, line, csv, lineNumber);
                if (!trades.isEmpty()) {
                    KrakenTrade previous = trades.get(trades.size() - 1);
                    if (trade.tradeId() != previous.tradeId() + 1 || trade.seconds().compareTo(previous.seconds()) < 0) {
                        throw new IllegalArgumentException(where(csv, lineNumber) + "trade ids must be dense and "
                                + "times must not decrease, but " + trade.tradeId() + "@" + trade.seconds()
                                + " follows " + previous.tradeId() + "@" + previous.seconds());
                    }
                }
                trades.add(trade);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read replay file " + csv, e);
        }
        if (trades.isEmpty()) {
            throw new IllegalArgumentException("replay file " + csv + " holds no trades");
        }
        return List.copyOf(trades);
    }

    private static KrakenTrade parse(String symbol, String line, Path csv, int lineNumber) {
        String[] cells = line.split(",", -1);
        if (cells.length != COLUMNS) {
            throw new IllegalArgumentException(where(csv, lineNumber) + "expected " + COLUMNS
                    + " columns trade_id,price,volume,time_s,time_ms,side,ordertype,misc, got " + cells.length);
        }
        try {
            new BigDecimal(cells[1]);
            new BigDecimal(cells[2]);
            if (!cells[5].equals("b") && !cells[5].equals("s")) {
                throw new IllegalArgumentException("side must be b or s, was '" + cells[5] + "'");
            }
            return new KrakenTrade(symbol, Long.parseLong(cells[0]), cells[1], cells[2], new BigDecimal(cells[3]),
                    cells[5].equals("b"), cells[6].equals("m"));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(where(csv, lineNumber) + "not a number: " + e.getMessage(), e);
        }
    }

    private static String where(Path csv, int lineNumber) {
        return csv + " line " + lineNumber + ": ";
    }
}
