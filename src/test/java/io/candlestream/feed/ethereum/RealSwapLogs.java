package io.candlestream.feed.ethereum;

import java.io.IOException;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads the real Uniswap V3 logs of {@code ../shared/data/uniswap-v3-eth/} for tests: the raw {@code eth_getLogs}
 * rows and the decoded swaps, independently of the feed's decoder (plain CSV splitting and {@link BigInteger}).
 */
public final class RealSwapLogs {

    public static final Path FOLDER = Path.of("../shared/data/uniswap-v3-eth");
    public static final String USDC_WETH = "0x8ad599c3a0ff1de082011efddc58f1908eb6e6d8";
    public static final String WETH_OSQTH = "0x82c427adfdf2d245ec51d8046b41c4ee87f0d29c";
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");
    private static final Pattern TOPIC = Pattern.compile("0x[0-9a-f]{64}");

    private RealSwapLogs() {}

    /** One raw log row. */
    public record RawLog(String pool, long block, long timestamp, String txHash, int txIndex, int logIndex,
            List<String> topics, String data) {}

    /** One decoded swap row of {@code *.pool.tick.csv}. */
    public record DecodedSwap(String pool, long block, long timestamp, int logIndex, BigInteger amount0,
            BigInteger amount1, BigInteger sqrtPriceX96, BigInteger liquidity, int tick) {}

    public static boolean present() {
        return Files.isRegularFile(raw(USDC_WETH)) && Files.isRegularFile(raw(WETH_OSQTH));
    }

    public static Path raw(String pool) {
        return FOLDER.resolve("ethereum-" + pool + "-2024-01-05.raw.csv");
    }

    public static Path decoded(String pool) {
        return FOLDER.resolve("ethereum-" + pool + "-2024-01-05.pool.tick.csv");
    }

    public static List<RawLog> rawLogs(String pool) throws IOException {
        List<RawLog> rows = new ArrayList<>();
        List<String> lines = Files.readAllLines(raw(pool));
        for (String line : lines.subList(1, lines.size())) {
            String[] head = line.split(",", 6);
            int dataStart = line.lastIndexOf(',');
            List<String> topics = new ArrayList<>();
            Matcher m = TOPIC.matcher(line.substring(line.indexOf("\"["), line.indexOf("]\"")));
            while (m.find()) {
                topics.add(m.group());
            }
            rows.add(new RawLog(pool, Long.parseLong(head[0]), seconds(head[1]), head[2], Integer.parseInt(head[3]),
                    Integer.parseInt(head[4]), topics, line.substring(dataStart + 1).trim()));
        }
        return rows;
    }

    public static List<DecodedSwap> decodedSwaps(String pool) throws IOException {
        List<DecodedSwap> rows = new ArrayList<>();
        List<String> lines = Files.readAllLines(decoded(pool));
        for (String line : lines.subList(1, lines.size())) {
            String[] f = line.split(",", -1);
            if (!f[2].equals("SWAP")) {
                continue;
            }
            rows.add(new DecodedSwap(pool, Long.parseLong(f[0]), seconds(f[1]), Integer.parseInt(f[5]),
                    new BigInteger(f[8]), new BigInteger(f[9]), new BigInteger(f[12]), new BigInteger(f[10]),
                    (int) Double.parseDouble(f[13])));
        }
        return rows;
    }

    private static long seconds(String time) {
        return LocalDateTime.parse(time, TIME).toEpochSecond(ZoneOffset.UTC);
    }
}
