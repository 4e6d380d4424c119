package io.candlestream.simulator.kraken;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Where the real Kraken XBT/USDT data lives: {@code ../shared/data/kraken-xbtusdt} beside the project, as the other
 * real-data tests look for it, or {@code /work/shared/data/kraken-xbtusdt}.
 */
public final class KrakenTestData {

    /** The folder, or the relative path when neither exists (the caller's assumption then skips with it). */
    public static final Path DIR = locate();

    private KrakenTestData() {}

    /** Whether the folder is there. */
    public static boolean present() {
        return Files.isDirectory(DIR);
    }

    /** The message a test skips with when it is absent. */
    public static String absent() {
        return "real Kraken data not found at " + DIR.toAbsolutePath()
                + " (it lives outside the repository, see docs/design.md §5); skipping";
    }

    private static Path locate() {
        Path relative = Path.of("..", "shared", "data", "kraken-xbtusdt");
        Path absolute = Path.of("/work/shared/data/kraken-xbtusdt");
        return Files.isDirectory(relative) || !Files.isDirectory(absolute) ? relative : absolute;
    }
}
