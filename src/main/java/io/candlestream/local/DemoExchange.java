package io.candlestream.local;

import java.util.List;

/**
 * One simulated exchange the demo can run ({@code scripts/demo.sh --feed <name>}): it starts its simulator with
 * periodic faults and says where the job connects and which symbols it follows. Add an exchange by adding a class and
 * a line in {@link #byFeed}.
 */
interface DemoExchange extends AutoCloseable {

    /** The demo's exchanges by {@code --feed} name, in the order usage lists them. */
    List<String> FEEDS = List.of("binance", "kraken", "ethereum", "bitquery");

    /** The {@code --feed} name. */
    String feed();

    /** The symbols the job follows, as {@code --symbols} writes them. */
    List<String> symbols();

    /** Starts the simulator at {@code speed} times real time, with faults every few hundred frames. */
    void start(double speed);

    String wsUrl();

    String restUrl();

    /** Socket faults injected so far. */
    long faultsInjected();

    @Override
    void close();

    /** The exchange named {@code feed}; an unknown name lists the known ones. */
    static DemoExchange byFeed(String feed) {
        return switch (feed) {
            case "binance" -> new BinanceDemoExchange();
            case "kraken" -> new KrakenDemoExchange();
            case "ethereum" -> new EthereumDemoExchange();
            case "bitquery" -> new BitqueryDemoExchange();
            default -> throw new IllegalArgumentException("--feed: '" + feed + "' has no demo exchange; allowed: "
                    + String.join(", ", FEEDS));
        };
    }
}
