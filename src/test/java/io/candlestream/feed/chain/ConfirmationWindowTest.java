package io.candlestream.feed.chain;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class ConfirmationWindowTest {

    private final ConfirmationWindow<String> window = new ConfirmationWindow<>(2);

    private static BlockHeader block(long n, String fork) {
        return new BlockHeader(n, hash(n, fork), hash(n - 1, fork.equals("b") && n > 11 ? "b" : "a"), 1000 + n * 12);
    }

    private static String hash(long n, String fork) {
        return "0x" + fork + n;
    }

    private static HeldLog<String> log(long n, String fork, int index) {
        return new HeldLog<>(n, hash(n, fork), index, n + "/" + index + fork);
    }

    private static List<String> payloads(List<ConfirmationWindow.Released<String>> released) {
        return released.stream().flatMap(r -> r.logs().stream()).map(HeldLog::payload).toList();
    }

    @Test
    void releasesOnlyBlocksAtTheConfirmationDepthInLogIndexOrder() {
        window.completeFrom(10);
        window.header(block(10, "a"));
        window.log(log(10, "a", 7));
        window.log(log(10, "a", 2));
        window.header(block(11, "a"));
        assertThat(window.release()).isEmpty();
        window.header(block(12, "a"));
        List<ConfirmationWindow.Released<String>> released = window.release();
        assertThat(released).extracting(r -> r.header().number()).containsExactly(10L);
        assertThat(payloads(released)).containsExactly("10/2a", "10/7a");
        assertThat(window.released()).isEqualTo(10);
    }

    @Test
    void keepsLogsThatArriveBeforeTheirHeader() {
        window.completeFrom(10);
        window.log(log(10, "a", 1));
        window.header(block(10, "a"));
        window.header(block(11, "a"));
        window.header(block(12, "a"));
        assertThat(payloads(window.release())).containsExactly("10/1a");
    }

    @Test
    void aReorganisationInsideTheWindowDropsTheReplacedBlocksLogsAndReleasesTheNewChain() {
        window.completeFrom(10);
        window.header(block(10, "a"));
        window.header(block(11, "a"));
        window.log(log(11, "a", 5));
        window.log(log(11, "a", 6));
        ConfirmationWindow.Reorg reorg = window.header(block(11, "b"));
        assertThat(reorg).isNotNull();
        assertThat(reorg.beyondConfirmations()).isFalse();
        assertThat(reorg.droppedLogs()).isEqualTo(2);
        window.log(log(11, "b", 5));
        window.header(block(12, "b"));
        window.header(block(13, "b"));
        assertThat(payloads(window.release())).containsExactly("11/5b");
        assertThat(window.broken()).isNull();
    }

    @Test
    void aRemovedLogIsNotReleased() {
        window.completeFrom(10);
        window.header(block(10, "a"));
        window.log(log(10, "a", 1));
        window.log(log(10, "a", 2));
        assertThat(window.removed(hash(10, "a"), 1)).isTrue();
        window.header(block(11, "a"));
        window.header(block(12, "a"));
        assertThat(payloads(window.release())).containsExactly("10/2a");
    }

    @Test
    void aReorganisationBeyondTheDepthIsReportedAndBreaksTheWindow() {
        window.completeFrom(10);
        for (long n = 10; n <= 13; n++) {
            window.header(block(n, "a"));
        }
        assertThat(window.release()).extracting(r -> r.header().number()).containsExactly(10L, 11L);
        ConfirmationWindow.Reorg reorg = window.header(block(11, "b"));
        assertThat(reorg.beyondConfirmations()).isTrue();
        assertThat(reorg.fromBlock()).isEqualTo(11);
        assertThat(window.broken()).contains("deeper than the confirmation depth");
        assertThat(window.release()).isEmpty();
    }

    @Test
    void aMissingHeaderBreaksTheWindowInsteadOfReleasingABlockWithoutItsTime() {
        window.completeFrom(10);
        window.header(block(10, "a"));
        window.header(block(12, "a"));
        window.header(block(13, "a"));
        assertThat(window.release()).extracting(r -> r.header().number()).containsExactly(10L);
        assertThat(window.broken()).contains("no header for block 11");
    }

    @Test
    void aLogOfAReleasedBlockIsRefused() {
        window.completeFrom(10);
        window.header(block(10, "a"));
        window.header(block(11, "a"));
        window.header(block(12, "a"));
        window.release();
        assertThat(window.log(log(10, "a", 9))).isFalse();
    }

    @Test
    void nothingBeforeTheFirstCompleteBlockIsReleased() {
        window.header(block(8, "a"));
        window.completeFrom(10);
        for (long n = 9; n <= 12; n++) {
            window.header(block(n, "a"));
        }
        assertThat(window.coverageKnown()).isTrue();
        assertThat(window.release()).extracting(r -> r.header().number()).containsExactly(10L);
    }

    @Test
    void finalizedDepthReleasesUpToTheFinalizedBlock() {
        ConfirmationWindow<String> finalized = new ConfirmationWindow<>(-1);
        finalized.completeFrom(10);
        for (long n = 10; n <= 20; n++) {
            finalized.header(block(n, "a"));
        }
        assertThat(finalized.release()).isEmpty();
        finalized.finalized(11);
        assertThat(finalized.release()).extracting(r -> r.header().number()).containsExactly(10L, 11L);
    }
}
