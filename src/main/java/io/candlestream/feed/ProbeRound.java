package io.candlestream.feed;

import java.util.List;
import java.util.concurrent.CompletableFuture;

/** Collects the answers of one probe round's per-stream look-ups ({@link HistoryClient#probeAll}). */
public final class ProbeRound {

    private ProbeRound() {}

    /**
     * The answers that came, once every look-up is over; fails (with the first failure) only if look-ups were made
     * and none of them answered. A stream whose look-up failed is simply not in the list.
     */
    public static CompletableFuture<List<StreamProbe>> answered(List<CompletableFuture<StreamProbe>> lookUps) {
        if (lookUps.isEmpty()) {
            return CompletableFuture.completedFuture(List.of());
        }
        return CompletableFuture.allOf(lookUps.stream().map(f -> f.handle((answer, error) -> null))
                        .toArray(CompletableFuture[]::new))
                .thenApply(ignored -> {
                    List<StreamProbe> answers = lookUps.stream().filter(f -> !f.isCompletedExceptionally())
                            .map(CompletableFuture::join).toList();
                    if (answers.isEmpty()) {
                        lookUps.get(0).join(); // throws: the first failure is the round's
                    }
                    return answers;
                });
    }
}
