package io.candlestream.simulator.bitquery;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Reads the decoded Uniswap V3 pool logs ({@code *.pool.tick.csv} of {@code shared/data/uniswap-v3-eth}): the
 * {@code SWAP} rows become {@link DexSwap}s of the pool named in the file name; other rows (mints, burns) are not
 * trades and are left out. Any malformed row fails the whole read with its file and line, so nothing is lost quietly.
 */
final class PoolTickCsvReader {

    private static final Pattern POOL_IN_NAME = Pattern.compile("(0x[0-9a-fA-F]{40})");
    private static final DateTimeFormatter TIMESTAMP = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss", Locale.ROOT);
    private static final List<String> COLUMNS = List.of("block_number", "block_timestamp", "tx_type",
            "transaction_hash", "tx_index", "log_index", "amount0", "amount1");

    private final Map<String, SwapPool> pools;

    /** @param pools the pools whose tokens are known, by lower-case address */
    PoolTickCsvReader(Map<String, SwapPool> pools) {
        this.pools = Map.copyOf(pools);
    }

    /** The swaps of every file; a directory stands for its {@code *.pool.tick.csv} files. */
    List<DexSwap> read(List<Path> paths) {
        List<DexSwap> swaps = new ArrayList<>();
        for (Path path : paths) {
            if (Files.isDirectory(path)) {
                List<Path> files = tickFiles(path);
                if (files.isEmpty()) {
                    throw new IllegalArgumentException("replayTickCsv: no *.pool.tick.csv file in " + path.toAbsolutePath());
                }
                files.forEach(file -> swaps.addAll(readFile(file)));
            } else {
                swaps.addAll(readFile(path));
            }
        }
        return swaps;
    }

    private static List<Path> tickFiles(Path directory) {
        try (Stream<Path> files = Files.list(directory)) {
            return files.filter(f -> f.getFileName().toString().endsWith(".pool.tick.csv")).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException("replayTickCsv: cannot list " + directory.toAbsolutePath(), e);
        }
    }

    /** The swaps of one file, in file order. */
    List<DexSwap> readFile(Path file) {
        if (!Files.isReadable(file)) {
            throw new IllegalArgumentException("replayTickCsv: no readable file " + file.toAbsolutePath());
        }
        SwapPool pool = poolOf(file);
        List<String> lines;
        try {
            lines = Files.readAllLines(file);
        } catch (IOException e) {
            throw new UncheckedIOException("replayTickCsv: cannot read " + file.toAbsolutePath(), e);
        }
        if (lines.isEmpty()) {
            throw new IllegalArgumentException("replayTickCsv: " + file + " is empty; expected a header line with "
                    + COLUMNS);
        }
        List<String> header = Arrays.asList(lines.get(0).trim().split(",", -1));
        int[] at = new int[COLUMNS.size()];
        for (int i = 0; i < COLUMNS.size(); i++) {
            at[i] = header.indexOf(COLUMNS.get(i));
            if (at[i] < 0) {
                throw new IllegalArgumentException("replayTickCsv: " + file + " has no column '" + COLUMNS.get(i)
                        + "'; expected the columns " + COLUMNS + " of a decoded pool.tick.csv");
            }
        }
        List<DexSwap> swaps = new ArrayList<>();
        for (int n = 1; n < lines.size(); n++) {
            String line = lines.get(n);
            if (line.isBlank()) {
                continue;
            }
            String[] cells = line.split(",", -1);
            try {
                if (cells.length != header.size()) {
                    throw new IllegalArgumentException("has " + cells.length + " cells, the header " + header.size());
                }
                if (!cells[at[2]].equals("SWAP")) {
                    continue;
                }
                long block = Long.parseLong(cells[at[0]]);
                long time = LocalDateTime.parse(cells[at[1]], TIMESTAMP).toEpochSecond(ZoneOffset.UTC);
                swaps.add(new DexSwap(pool, block, time, BlockHashes.of(block), cells[at[3]].toLowerCase(Locale.ROOT),
                        Integer.parseInt(cells[at[4]]), Integer.parseInt(cells[at[5]]),
                        new BigInteger(cells[at[6]]), new BigInteger(cells[at[7]])));
            } catch (NumberFormatException | DateTimeParseException e) {
                throw new IllegalArgumentException("replayTickCsv: " + file + " line " + (n + 1) + ": " + e.getMessage()
                        + " (expected integers and a 'yyyy-MM-dd HH:mm:ss' UTC timestamp)", e);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("replayTickCsv: " + file + " line " + (n + 1) + ": " + e.getMessage(), e);
            }
        }
        return swaps;
    }

    private SwapPool poolOf(Path file) {
        Matcher m = POOL_IN_NAME.matcher(file.getFileName().toString());
        if (!m.find()) {
            throw new IllegalArgumentException("replayTickCsv: the file name " + file.getFileName()
                    + " names no pool address (expected ethereum-0x<40 hex>-<date>.pool.tick.csv)");
        }
        String address = m.group(1).toLowerCase(Locale.ROOT);
        SwapPool pool = pools.get(address);
        if (pool == null) {
            throw new IllegalArgumentException("replayTickCsv: pool " + address + " of " + file.getFileName()
                    + " has unknown tokens; register it with pool(new SwapPool(address, token0, token1)); known pools: "
                    + pools.keySet());
        }
        return pool;
    }
}
