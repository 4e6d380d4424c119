package io.candlestream.simulator.ethereum;

import io.candlestream.simulator.http.HttpAnswer;
import io.candlestream.simulator.http.HttpEndpoint;
import io.candlestream.simulator.http.HttpFaultPlan;
import io.candlestream.simulator.http.HttpProtocol;
import io.candlestream.simulator.http.HttpRequest;
import java.time.Duration;
import java.util.Optional;

/**
 * The node's HTTP endpoint on the transport: JSON-RPC by POST on any path (keys may live in it, {@code /v3/<key>}),
 * providers' refusals (429 as Infura words it, with or without {@code Retry-After}; a load balancer's 5xx as an HTML
 * page or empty), and slow answers.
 */
final class RpcHttpProtocol implements HttpProtocol {

    static final String RATE_LIMITED = "{\"jsonrpc\":\"2.0\",\"id\":null,\"error\":{\"code\":-32005,"
            + "\"message\":\"project ID request rate exceeded\"}}";

    private final JsonRpcHandler handler;
    private final EthereumFaults faults;
    private final EthereumStats stats;
    private final HttpEndpoint endpoint;

    RpcHttpProtocol(JsonRpcHandler handler, EthereumFaults faults, EthereumStats stats) {
        this.handler = handler;
        this.faults = faults;
        this.stats = stats;
        this.endpoint = HttpEndpoint.post(0, this::serve);
    }

    @Override
    public Optional<HttpEndpoint> endpoint(String path) {
        return Optional.of(endpoint);
    }

    private HttpAnswer serve(HttpRequest request, HttpFaultPlan httpFaults) {
        if (faults.takeBareTooManyRequests()) {
            stats.bareTooManyRequest();
            return new HttpAnswer(429, RATE_LIMITED, 0, Duration.ZERO);
        }
        String answer = handler.handle(request.bodyText(), null);
        return HttpAnswer.ok(answer == null ? "" : answer).delayedBy(httpFaults.nextPageDelay());
    }

    @Override
    public String refusalBody(Refusal refusal, int status, String detail) {
        return switch (refusal) {
            case TOO_MANY_REQUESTS, BANNED -> RATE_LIMITED;
            case SERVER_ERROR -> faults.errorBody() == EthereumFaults.ErrorBody.EMPTY ? "" : nginxPage(status);
            case NOT_FOUND, METHOD_NOT_ALLOWED -> "{\"jsonrpc\":\"2.0\",\"id\":null,\"error\":{\"code\":-32600,"
                    + "\"message\":\"only POST is supported on " + detail + "\"}}";
        };
    }

    private static String nginxPage(int status) {
        String title = status + switch (status) {
            case 502 -> " Bad Gateway";
            case 503 -> " Service Temporarily Unavailable";
            case 504 -> " Gateway Time-out";
            default -> " Internal Server Error";
        };
        return "<html>\r\n<head><title>" + title + "</title></head>\r\n<body>\r\n<center><h1>" + title
                + "</h1></center>\r\n<hr><center>nginx</center>\r\n</body>\r\n</html>\r\n";
    }

    /** Providers answer a client that keeps calling while told to wait with another 429, not a ban. */
    @Override
    public int banStatus() {
        return 429;
    }
}
