package io.candlestream.simulator.ethereum;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;

/** Small deterministic chains for the simulator's tests: a swap of pool A in every block, another log of B every other. */
final class TestChains {

    static final String POOL_A = "0xaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa";
    static final String POOL_B = "0xbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb";
    static final String TOKEN_A0 = "0xa000000000000000000000000000000000000000";
    static final String TOKEN_A1 = "0xa100000000000000000000000000000000000000";
    static final String TOKEN_B1 = "0xb100000000000000000000000000000000000000";
    static final String MINT_TOPIC = "0x7a53080ba414158be7ec69b987b5fb7d07dee101fe85488f0853ae16239d0bde";
    static final String SENDER = SwapAbi.addressTopic("0x5e00000000000000000000000000000000000001");
    static final String OTHER_SENDER = SwapAbi.addressTopic("0x5e00000000000000000000000000000000000002");

    private TestChains() {
    }

    /** Blocks {@code first..first+blocks-1}: a swap of A (log index 3) in each; a Mint of B (log index 1) in even ones. */
    static List<ChainLog> logs(long first, int blocks) {
        List<ChainLog> logs = new ArrayList<>();
        for (long n = first; n < first + blocks; n++) {
            if (n % 2 == 0) {
                logs.add(new ChainLog(POOL_B, n, tx(n, 1), 0, 1, List.of(MINT_TOPIC, OTHER_SENDER), "0x"));
            }
            String sender = n % 3 == 0 ? OTHER_SENDER : SENDER;
            logs.add(new ChainLog(POOL_A, n, tx(n, 3), 1, 3, List.of(SwapAbi.SWAP_TOPIC, sender, sender),
                    SwapAbi.swapData(BigInteger.valueOf(-1_000_000 - n), BigInteger.valueOf(500_000_000_000L + n),
                            BigInteger.ONE.shiftLeft(96), BigInteger.TEN.pow(18), 200_000)));
        }
        return logs;
    }

    static String tx(long block, int index) {
        return String.format("0x%056x%08x", block, index);
    }

    /** A builder over {@link #logs} with both pools' tokens. */
    static EthereumSimulatorBuilder builder(long first, int blocks) {
        return EthereumSimulator.builder().logs(logs(first, blocks)).pool(POOL_A, TOKEN_A0, 18, TOKEN_A1, 6)
                .pool(POOL_B, TOKEN_A0, 18, TOKEN_B1, 8);
    }
}
