package io.candlestream.simulator.bitquery;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;

/** Every block of the chain gets a DEX trade, served blocks keep only theirs, and block times never go back. */
class OtherDexActivityTest {

    private static DexSwap served(long block, long time, int logIndex) {
        return new DexSwap(SwapPool.USDC_WETH, block, time, BlockHashes.of(block), "0x" + block + logIndex, 1,
                logIndex, BigInteger.valueOf(-5), BigInteger.TEN);
    }

    @Test
    void fillsEveryBlockWithoutAServedSwapAndATailAfterTheLast() {
        List<DexSwap> served = List.of(served(100, 1_000, 3), served(100, 1_000, 9), served(104, 1_050, 1),
                served(105, 1_050, 2));
        List<DexSwap> other = OtherDexActivity.around(served, 36);

        assertThat(other).allMatch(s -> s.pool().equals(SwapPool.OTHER));
        assertThat(other).extracting(DexSwap::blockNumber).containsExactly(101L, 102L, 103L, 106L, 107L, 108L);
        assertThat(other).extracting(DexSwap::blockTime).containsExactly(1_012L, 1_025L, 1_037L, 1_062L, 1_074L,
                1_086L);
        List<DexSwap> chain = new ArrayList<>(served);
        chain.addAll(other);
        ChainLog log = new ChainLog(chain); // validates: one time and hash per block, times never decrease
        assertThat(log.portions()).extracting(BlockPortion::blockNumber)
                .containsExactlyElementsOf(LongStream.rangeClosed(100, 108).boxed().toList());
    }

    @Test
    void noServedSwapsMeansNoOtherActivity() {
        assertThat(OtherDexActivity.around(List.of(), 3_600)).isEmpty();
    }
}
