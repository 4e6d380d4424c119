package io.candlestream.simulator.ethereum;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.candlestream.simulator.SimClock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

class ChainTest {

    static final String POOL = "0x1111111111111111111111111111111111111111";
    static final String TX = "0x" + "ab".repeat(32);

    /** A clock standing still at {@code epochSeconds} (never begun). */
    static SimClock at(long epochSeconds) {
        return SimClock.accelerated(Instant.ofEpochSecond(epochSeconds), 1);
    }

    static ChainLog swap(long block, int logIndex) {
        return new ChainLog(POOL, block, TX, logIndex, logIndex, List.of(SwapAbi.SWAP_TOPIC), "0x");
    }

    static ChainLog other(long block, int logIndex) {
        return new ChainLog(POOL, block, TX, logIndex, logIndex, List.of("0x" + "01".repeat(32)), "0x");
    }

    private static Chain chain(Map<Long, Long> timestamps, List<ChainLog> logs, long now) {
        return new Chain(new ChainInput(logs, new TreeMap<>(timestamps)), at(now));
    }

    @Test
    void loggedBlocksKeepTheirTimestampsAndBlocksBetweenAdvanceTwelveSecondsButStayBeforeTheNext() {
        Chain chain = chain(Map.of(100L, 1_000L, 105L, 1_030L, 108L, 1_100L), List.of(), 1_000);
        assertThat(chain.timestamp(100)).isEqualTo(1_000);
        // 101..104 would be 1012..1048 but must stay strictly before 1030: capped at 1026..1029.
        assertThat(List.of(chain.timestamp(101), chain.timestamp(102), chain.timestamp(103), chain.timestamp(104)))
                .containsExactly(1_012L, 1_024L, 1_028L, 1_029L);
        assertThat(chain.timestamp(105)).isEqualTo(1_030);
        assertThat(List.of(chain.timestamp(106), chain.timestamp(107))).containsExactly(1_042L, 1_054L);
        assertThat(chain.timestamp(108)).isEqualTo(1_100);
        assertThat(chain.timestamp(110)).isEqualTo(1_124);
    }

    @Test
    void theHeadIsTheNewestBlockWhoseTimestampTheClockReached() {
        Map<Long, Long> timestamps = Map.of(100L, 1_000L, 105L, 1_030L);
        assertThat(chain(timestamps, List.of(), 999).head()).isEqualTo(99);
        assertThat(chain(timestamps, List.of(), 1_000).head()).isEqualTo(100);
        assertThat(chain(timestamps, List.of(), 1_027).head()).isEqualTo(102);
        assertThat(chain(timestamps, List.of(), 1_030).head()).isEqualTo(105);
        assertThat(chain(timestamps, List.of(), 1_041).head()).isEqualTo(105);
        assertThat(chain(timestamps, List.of(), 1_042).head()).isEqualTo(106);
        assertThat(chain(timestamps, List.of(), 1_030 + 12 * 1_000).head()).isEqualTo(1_105);
    }

    @Test
    void theRealDayHasStrictlyIncreasingTimestampsAndBinarySearchedHeads() {
        ChainInput input = ChainInput.merge(List.of(RawLogCsv.read(UniswapData.rawCsv(UniswapData.USDC_WETH)),
                RawLogCsv.read(UniswapData.rawCsv(UniswapData.WETH_OSQTH))), List.of("a", "b"));
        Chain chain = new Chain(input, at(input.blockTimestamps().lastEntry().getValue()));
        assertThat(chain.head()).isEqualTo(UniswapData.LAST_BLOCK);
        for (long n = UniswapData.FIRST_BLOCK + 1; n <= UniswapData.LAST_BLOCK; n++) {
            assertThat(chain.timestamp(n)).as("block %d", n).isGreaterThan(chain.timestamp(n - 1));
            Long logged = input.blockTimestamps().get(n);
            if (logged != null) {
                assertThat(chain.timestamp(n)).isEqualTo(logged);
            }
        }
        for (long n = UniswapData.FIRST_BLOCK; n <= UniswapData.LAST_BLOCK; n += 97) {
            assertThat(new Chain(input, at(chain.timestamp(n))).head()).isEqualTo(n);
            assertThat(new Chain(input, at(chain.timestamp(n + 1) - 1)).head()).isEqualTo(n);
        }
        assertThat(chain.allLogs()).hasSize(348);
    }

    @Test
    void hashesAreDeterministicParentsLinkAndHashesFindTheirBlock() {
        Chain chain = chain(Map.of(100L, 1_000L, 120L, 1_240L), List.of(), 1_240);
        BlockRef block = chain.block(110);
        assertThat(block.hash()).matches("0x[0-9a-f]{64}").isEqualTo(chain.block(110).hash());
        assertThat(block.parentHash()).isEqualTo(chain.block(109).hash());
        assertThat(chain.numberOf(block.hash())).isEqualTo(110);
        assertThat(chain.numberOf("0x" + "00".repeat(32))).isEqualTo(-1);
    }

    @Test
    void aReorgReplacesTheNewestBlocksKeepsTimestampsAndMovesTheLastSwapToTheNextBlock() {
        List<ChainLog> logs = List.of(swap(100, 0), swap(108, 3), other(109, 1), swap(109, 5), swap(110, 2),
                swap(110, 4));
        Chain chain = chain(Map.of(100L, 1_000L, 110L, 1_120L), logs, 1_108);
        assertThat(chain.head()).isEqualTo(109);
        BlockRef old108 = chain.block(108);
        BlockRef old109 = chain.block(109);
        BlockRef kept107 = chain.block(107);

        Reorg reorg = chain.replace(109, 2, true);

        assertThat(reorg.oldBlocks()).containsExactly(old108, old109);
        assertThat(reorg.droppedLogs()).containsExactly(swap(108, 3), other(109, 1), swap(109, 5));
        assertThat(reorg.movedSwap()).isEqualTo(swap(109, 5));
        // Appended after block 110's logs: log index 5, transaction index 5.
        assertThat(reorg.movedTo()).isEqualTo(swap(109, 5).at(110, 5, 5));
        assertThat(chain.logs(109)).containsExactly(other(109, 1));
        assertThat(chain.logs(110)).containsExactly(swap(110, 2), swap(110, 4), swap(109, 5).at(110, 5, 5));
        BlockRef new108 = chain.block(108);
        BlockRef new109 = chain.block(109);
        assertThat(new108.hash()).isNotEqualTo(old108.hash());
        assertThat(new109.hash()).isNotEqualTo(old109.hash());
        assertThat(new108.timestamp()).isEqualTo(old108.timestamp());
        assertThat(new108.parentHash()).isEqualTo(kept107.hash());
        assertThat(new109.parentHash()).isEqualTo(new108.hash());
        assertThat(chain.block(110).parentHash()).isEqualTo(new109.hash());
        assertThat(chain.numberOf(old109.hash())).isEqualTo(-1);
        assertThat(chain.numberOf(new109.hash())).isEqualTo(109);
        assertThat(reorg.newBlocks()).containsExactly(new108, new109);
        assertThat(chain.allLogs()).hasSize(6).isSortedAccordingTo(ChainInput.CHAIN_ORDER);
    }

    @Test
    void aReorgThatWouldReachTheFirstBlockIsRefused() {
        Chain chain = chain(Map.of(100L, 1_000L, 102L, 1_024L), List.of(), 1_024);
        assertThatThrownBy(() -> chain.replace(102, 3, false)).hasMessageContaining("depth")
                .hasMessageContaining("first block 100");
    }

    @Test
    void timestampsThatCannotIncreaseStrictlyAreRefused() {
        assertThatThrownBy(() -> chain(Map.of(100L, 1_000L, 110L, 1_005L), List.of(), 1_000))
                .hasMessageContaining("block 110").hasMessageContaining("increase strictly");
    }

    @Test
    void logFiltersMatchAddressesAndPositionalTopicsWithWildcards() {
        ChainLog log = new ChainLog(POOL, 1, TX, 0, 0, List.of(SwapAbi.SWAP_TOPIC, "0x" + "02".repeat(32)), "0x");
        assertThat(LogFilter.ALL.matches(log)).isTrue();
        assertThat(new LogFilter(Set.of(POOL), List.of(Set.of(SwapAbi.SWAP_TOPIC))).matches(log))
                .isTrue();
        assertThat(new LogFilter(Set.of(), List.of(Set.of(), Set.of("0x" + "02".repeat(32),
                "0x" + "03".repeat(32)))).matches(log)).isTrue();
        assertThat(new LogFilter(Set.of(), List.of(Set.of(), Set.of(),
                Set.of("0x" + "02".repeat(32)))).matches(log)).isFalse();
        assertThat(new LogFilter(Set.of("0x" + "22".repeat(20)), List.of()).matches(log)).isFalse();
    }
}
