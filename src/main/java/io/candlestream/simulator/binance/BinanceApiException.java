package io.candlestream.simulator.binance;

/** A REST request the simulator refuses the way Binance does: an HTTP status plus Binance's error code and message. */
final class BinanceApiException extends Exception {

    private final int httpStatus;
    private final int code;

    BinanceApiException(int httpStatus, int code, String msg) {
        super(msg);
        this.httpStatus = httpStatus;
        this.code = code;
    }

    static BinanceApiException badRequest(int code, String msg) {
        return new BinanceApiException(400, code, msg);
    }

    int httpStatus() {
        return httpStatus;
    }

    int code() {
        return code;
    }
}
