package io.candlestream.simulator.bitquery;

import java.util.Locale;

/**
 * Bitquery's {@code dataset} argument of a query: which of its databases answers. The rules (see
 * {@link DatasetRules}) follow the pages {@code docs/graphql/dataset/realtime.md}, {@code archive.md} and
 * {@code combined.md}.
 */
enum Dataset {
    /** The default: the last hours (about 8), only blocks not yet in the archive. */
    REALTIME,
    /** Everything from genesis, lagging behind the chain by tens of minutes to hours. */
    ARCHIVE,
    /** Both, joined. */
    COMBINED;

    /** The enum value's name in the schema. */
    String graphqlName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
