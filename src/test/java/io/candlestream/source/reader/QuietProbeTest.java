package io.candlestream.source.reader;

import static org.assertj.core.api.Assertions.assertThat;

import io.candlestream.feed.HistoryClient;
import io.candlestream.feed.StreamProbe;
import io.candlestream.model.Cursor;
import io.candlestream.model.Gap;
import io.candlestream.model.StreamId;
import io.candlestream.model.Trade;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class QuietProbeTest {

    private static final Duration DELAY = Duration.ofSeconds(1);

    /**
     * A history client that answers only probe rounds, the way {@code answer} decides for each round (its number
     * from 0), and asks for {@code spacing} between rounds; it records every round's streams.
     */
    private static final class RoundsOnlyHistory implements HistoryClient {
        final List<List<StreamId>> rounds = new CopyOnWriteArrayList<>();
        final List<Long> startedNanos = new CopyOnWriteArrayList<>();
        private final Function<Integer, CompletableFuture<List<StreamProbe>>> answer;
        private final Duration spacing;

        RoundsOnlyHistory(Duration spacing, Function<Integer, CompletableFuture<List<StreamProbe>>> answer) {
            this.spacing = spacing;
            this.answer = answer;
        }

        @Override
        public CompletableFuture<List<StreamProbe>> probeAll(List<StreamId> streams, Duration publicationDelay) {
            rounds.add(List.copyOf(streams));
            startedNanos.add(System.nanoTime());
            return answer.apply(rounds.size() - 1);
        }

        @Override
        public Duration probeRoundSpacing(int quietStreams) {
            return spacing;
        }

        @Override
        public CompletableFuture<StreamProbe> probe(StreamId stream, Duration publicationDelay) {
            return CompletableFuture.failedFuture(new AssertionError("the prober asks for rounds, not streams"));
        }

        @Override
        public CompletableFuture<List<Trade>> fetch(Gap gap) {
            return CompletableFuture.failedFuture(new UnsupportedOperationException("probes only"));
        }

        @Override
        public CompletableFuture<Optional<Trade>> firstTradeAtOrAfter(StreamId stream, long epochMillis) {
            return CompletableFuture.failedFuture(new UnsupportedOperationException("probes only"));
        }

        @Override
        public CompletableFuture<Optional<Trade>> tradeAt(StreamId stream, Cursor cursor) {
            return CompletableFuture.failedFuture(new UnsupportedOperationException("probes only"));
        }

        @Override
        public CompletableFuture<Optional<Trade>> latestTrade(StreamId stream) {
            return CompletableFuture.failedFuture(new UnsupportedOperationException("probes only"));
        }

        @Override
        public CompletableFuture<Long> serverTime() {
            return CompletableFuture.completedFuture(System.currentTimeMillis());
        }

        @Override
        public void close() {
        }
    }

    private static List<StreamId> streams(int count) {
        return IntStream.range(0, count).mapToObj(i -> new StreamId("binance", "S" + i + "USDT")).toList();
    }

    private static CompletableFuture<List<StreamProbe>> answered(List<StreamId> streams) {
        return CompletableFuture.completedFuture(streams.stream()
                .map(s -> new StreamProbe(s, 1_000, null, null)).toList());
    }

    private static List<StreamProbe> drainProbes(LiveBuffer buffer) {
        List<StreamProbe> probes = new ArrayList<>();
        for (LiveItem item = buffer.poll(); item != null; item = buffer.poll()) {
            if (item instanceof LiveItem.Probe probe) {
                probes.add(probe.probe());
            }
        }
        return probes;
    }

    private static void awaitTrue(String what, Duration timeout, java.util.function.BooleanSupplier condition)
            throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting for " + what);
            }
            Thread.sleep(10);
        }
    }

    @Test
    void oneRoundAsksForEveryQuietStreamAndEachAnswerReachesTheReader() throws Exception {
        List<StreamId> streams = streams(250);
        RoundsOnlyHistory history = new RoundsOnlyHistory(Duration.ZERO, round -> answered(streams));
        LiveBuffer buffer = new LiveBuffer(16);
        try (QuietProbe probe = new QuietProbe(history, DELAY, buffer, Duration.ofMillis(50), "test")) {
            streams.forEach(probe::watch);
            awaitTrue("a round", Duration.ofSeconds(10), () -> !history.rounds.isEmpty());
            assertThat(history.rounds.get(0)).containsExactlyInAnyOrderElementsOf(streams);
            awaitTrue("the answers", Duration.ofSeconds(10), () -> !buffer.isEmpty());
            Thread.sleep(20);
            assertThat(drainProbes(buffer)).extracting(StreamProbe::stream).containsAll(streams);
        }
    }

    @Test
    void aStreamWithLiveTradesIsNotProbed() throws Exception {
        List<StreamId> streams = streams(3);
        RoundsOnlyHistory history = new RoundsOnlyHistory(Duration.ZERO, round -> answered(List.of()));
        LiveBuffer buffer = new LiveBuffer(16);
        try (QuietProbe probe = new QuietProbe(history, DELAY, buffer, Duration.ofMillis(300), "test")) {
            streams.forEach(probe::watch);
            long until = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(900);
            while (System.nanoTime() < until) {
                probe.liveActivity(streams.get(0));
                Thread.sleep(20);
            }
            assertThat(history.rounds).isNotEmpty().allSatisfy(round ->
                    assertThat(round).doesNotContain(streams.get(0)).contains(streams.get(1), streams.get(2)));
        }
    }

    @Test
    void aRoundThatNeverCompletesTimesOutAndProbingGoesOn() throws Exception {
        List<StreamId> streams = streams(2);
        // the first round's future never completes; every later one answers
        RoundsOnlyHistory history = new RoundsOnlyHistory(Duration.ZERO,
                round -> round == 0 ? new CompletableFuture<>() : answered(streams));
        LiveBuffer buffer = new LiveBuffer(16);
        try (QuietProbe probe = new QuietProbe(history, DELAY, buffer, Duration.ofMillis(50), "test")) {
            streams.forEach(probe::watch);
            awaitTrue("a round after the stuck one", Duration.ofSeconds(10), () -> history.rounds.size() >= 2);
            awaitTrue("its answers", Duration.ofSeconds(10), () -> !buffer.isEmpty());
            assertThat(probe.timedOutRounds()).isEqualTo(1);
            assertThat(probe.failedRounds()).isEqualTo(1);
            // the stuck round was in flight for its timeout: no round started meanwhile
            long gap = history.startedNanos.get(1) - history.startedNanos.get(0);
            assertThat(gap).isGreaterThanOrEqualTo(TimeUnit.MILLISECONDS.toNanos(QuietProbe.TIMEOUT_ROUNDS * 50));
            assertThat(drainProbes(buffer)).extracting(StreamProbe::stream).containsAll(streams);
        }
    }

    @Test
    void roundsAreSpacedByTheLongerOfTheIntervalAndWhatTheClientAsks() throws Exception {
        List<StreamId> streams = streams(2);
        RoundsOnlyHistory history = new RoundsOnlyHistory(Duration.ofMillis(400), round -> answered(streams));
        LiveBuffer buffer = new LiveBuffer(16);
        try (QuietProbe probe = new QuietProbe(history, DELAY, buffer, Duration.ofMillis(20), "test")) {
            streams.forEach(probe::watch);
            awaitTrue("three rounds", Duration.ofSeconds(20), () -> history.rounds.size() >= 3);
            List<Long> started = List.copyOf(history.startedNanos);
            for (int i = 1; i < started.size(); i++) {
                assertThat(started.get(i) - started.get(i - 1)).as("time between rounds %d and %d", i - 1, i)
                        .isGreaterThanOrEqualTo(TimeUnit.MILLISECONDS.toNanos(400));
            }
            assertThat(probe.spacingMillis()).isEqualTo(400);
            assertThat(probe.lastQuietStreams()).isEqualTo(2);
        }
    }
}
