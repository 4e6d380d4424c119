package io.candlestream.local;

import io.candlestream.chart.ChartServer;
import io.candlestream.config.InvalidOptionException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The local runners' {@code --chart-port} option (the chart page, default {@value ChartServer#DEFAULT_PORT}, {@code 0}
 * turns it off): taken off the command line before the job's own options are parsed, so {@code flink run} never
 * sees it.
 *
 * @param port the chart's port, 0 for none
 * @param jobArgs the remaining arguments, for the job
 */
public record ChartPort(int port, String[] jobArgs) {

    /** The option's name. */
    public static final String OPTION = "--chart-port";

    /** The option as {@code --help} lists it: name, default, meaning. */
    public static final String[] HELP = {OPTION, Integer.toString(ChartServer.DEFAULT_PORT),
            "port of the candle chart page on localhost; 0 turns it off"};

    /**
     * Takes {@code --chart-port N} off {@code args}.
     *
     * @throws InvalidOptionException when the value is not a port number 0..65535
     */
    public static ChartPort parse(String... args) {
        List<String> rest = new ArrayList<>(Arrays.asList(args));
        int port = ChartServer.DEFAULT_PORT;
        int at = rest.indexOf(OPTION);
        if (at >= 0) {
            if (at + 1 >= rest.size()) {
                throw new InvalidOptionException(OPTION, "needs a value: a port 1..65535, or 0 to turn the chart off");
            }
            String value = rest.get(at + 1);
            try {
                port = Integer.parseInt(value.trim());
            } catch (NumberFormatException e) {
                port = -1;
            }
            if (port < 0 || port > 65_535) {
                throw new InvalidOptionException(OPTION, "'" + value + "' is not allowed; use a port 1..65535, or 0 to"
                        + " turn the chart off");
            }
            rest.remove(at + 1);
            rest.remove(at);
        }
        return new ChartPort(port, rest.toArray(String[]::new));
    }

    /** Whether the chart is on. */
    public boolean enabled() {
        return port != 0;
    }
}
