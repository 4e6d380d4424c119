package io.candlestream.backfill;

import io.candlestream.model.Gap;

/** The {@code reason} column of a filled gap: the name of why the source opened it. */
final class GapReasons {

    /** Written while the gap does not say why it was opened. */
    static final String UNKNOWN = "UNKNOWN";

    private GapReasons() {}

    static String of(Gap gap) {
        return UNKNOWN;
    }
}
