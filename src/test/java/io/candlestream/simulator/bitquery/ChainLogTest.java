package io.candlestream.simulator.bitquery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.groups.Tuple.tuple;

import java.math.BigInteger;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The chain log's order, portions and validation of the swaps it is given. */
class ChainLogTest {

    private static DexSwap swap(long block, long time, int log) {
        return new DexSwap(SwapPool.USDC_WETH, block, time, BlockHashes.of(block), "0x" + block + log, 0, log,
                BigInteger.TEN, BigInteger.ONE.negate());
    }

    @Test
    void swapsAreOrderedByBlockAndLogIndexAndGroupedIntoOnePortionPerBlock() {
        ChainLog chain = new ChainLog(List.of(swap(2, 24, 7), swap(1, 12, 9), swap(2, 24, 3), swap(1, 12, 1)));
        assertThat(chain.all()).extracting(DexSwap::blockNumber, DexSwap::logIndex)
                .containsExactly(tuple(1L, 1), tuple(1L, 9),
                        tuple(2L, 3), tuple(2L, 7));
        assertThat(chain.portions()).extracting(BlockPortion::blockNumber).containsExactly(1L, 2L);
        assertThat(chain.portions().get(1).swaps()).hasSize(2);
    }

    @Test
    void twoLogsAtOneIndexOfABlockAreRefused() {
        assertThatThrownBy(() -> new ChainLog(List.of(swap(1, 12, 4), swap(1, 12, 4))))
                .hasMessageContaining("block 1 has two logs at index 4");
    }

    @Test
    void aBlockWithTwoTimesIsRefused() {
        assertThatThrownBy(() -> new ChainLog(List.of(swap(1, 12, 4), swap(1, 13, 5))))
                .hasMessageContaining("two times or hashes");
    }

    @Test
    void blockTimesThatGoBackAreRefused() {
        assertThatThrownBy(() -> new ChainLog(List.of(swap(1, 24, 4), swap(2, 12, 5))))
                .hasMessageContaining("before the previous block");
    }

    @Test
    void aSwapMustPayInOneTokenAndOutTheOther() {
        assertThatThrownBy(() -> new DexSwap(SwapPool.USDC_WETH, 1, 12, BlockHashes.of(1), "0x1", 0, 0,
                BigInteger.ONE, BigInteger.ONE)).hasMessageContaining("paid in");
    }

    @Test
    void buyIsTheTokenThePoolReceived() {
        DexSwap swap = new DexSwap(SwapPool.USDC_WETH, 1, 12, BlockHashes.of(1), "0x1", 0, 0,
                new BigInteger("-4531900819"), new BigInteger("2000000000000000000"));
        assertThat(swap.boughtToken()).isEqualTo(TokenInfo.WETH);
        assertThat(swap.boughtRaw()).isEqualTo(new BigInteger("2000000000000000000"));
        assertThat(swap.soldToken()).isEqualTo(TokenInfo.USDC);
        assertThat(swap.soldRaw()).isEqualTo(new BigInteger("4531900819"));
    }
}
