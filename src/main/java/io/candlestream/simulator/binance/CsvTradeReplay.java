package io.candlestream.simulator.binance;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Reads a Binance aggTrades dump ({@code agg_trade_id,price,quantity,first_trade_id,last_trade_id,transact_time,
 * is_buyer_maker,is_best_match}, with or without a header line) into trades whose price and quantity keep the file's
 * exact text.
 */
final class CsvTradeReplay {

    private static final int COLUMNS = 8;

    private CsvTradeReplay() {
    }

    /** All rows of {@code csv} as trades of {@code symbol}, checked to be in ascending id and non-decreasing time. */
    static List<AggTrade> read(String symbol, Path csv) {
        List<AggTrade> trades = new ArrayList<>();
        try (BufferedReader reader = Files.newBufferedReader(csv, StandardCharsets.UTF_8)) {
            String line;
            int lineNumber = 0;
            while ((line = reader.readLine()) != null) {
                lineNumber++;
                if (line.isBlank() || (lineNumber == 1 && !Character.isDigit(line.charAt(0)))) {
                    continue; // the header line of the dumps that have one
                }
                AggTrade trade = parse(symbol, line, csv, lineNumber);
                if (!trades.isEmpty()) {
                    AggTrade previous = trades.get(trades.size() - 1);
                    if (trade.aggId() <= previous.aggId() || trade.time() < previous.time()) {
                        throw new IllegalArgumentException(where(csv, lineNumber)
                                + "trades must have ascending agg_trade_id and non-decreasing transact_time, but "
                                + trade.aggId() + "@" + trade.time() + " follows " + previous.aggId() + "@"
                                + previous.time());
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

    private static AggTrade parse(String symbol, String line, Path csv, int lineNumber) {
        String[] cells = line.split(",", -1);
        if (cells.length != COLUMNS) {
            throw new IllegalArgumentException(where(csv, lineNumber) + "expected " + COLUMNS
                    + " columns (agg_trade_id,price,quantity,first_trade_id,last_trade_id,transact_time,"
                    + "is_buyer_maker,is_best_match), found " + cells.length + ": " + line);
        }
        try {
            return new AggTrade(symbol, Long.parseLong(cells[0].trim()), cells[1].trim(), cells[2].trim(),
                    Long.parseLong(cells[3].trim()), Long.parseLong(cells[4].trim()), Long.parseLong(cells[5].trim()),
                    parseBoolean(cells[6].trim()));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(where(csv, lineNumber) + e.getMessage() + ": " + line, e);
        }
    }

    // Binance's own dumps write True/False, other tools true/false.
    private static boolean parseBoolean(String cell) {
        return switch (cell.toLowerCase(Locale.ROOT)) {
            case "true" -> true;
            case "false" -> false;
            default -> throw new IllegalArgumentException("is_buyer_maker must be true or false, was '" + cell + "'");
        };
    }

    private static String where(Path csv, int lineNumber) {
        return csv + " line " + lineNumber + ": ";
    }
}
