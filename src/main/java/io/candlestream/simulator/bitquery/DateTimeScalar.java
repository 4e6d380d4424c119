package io.candlestream.simulator.bitquery;

import graphql.language.StringValue;
import graphql.schema.Coercing;
import graphql.schema.CoercingParseLiteralException;
import graphql.schema.CoercingParseValueException;
import graphql.schema.CoercingSerializeException;
import graphql.schema.GraphQLScalarType;
import java.time.Instant;
import java.time.format.DateTimeParseException;

/** Bitquery's {@code DateTime} scalar: an ISO-8601 instant in UTC ({@code 2024-01-05T00:33:23Z}), an {@link Instant} inside. */
final class DateTimeScalar {

    private DateTimeScalar() {
    }

    static final GraphQLScalarType TYPE = GraphQLScalarType.newScalar()
            .name("DateTime")
            .description("An instant, ISO-8601 in UTC")
            .coercing(new InstantCoercing())
            .build();

    @SuppressWarnings("deprecation") // the one-argument forms are the ones the newer defaults delegate to
    private static final class InstantCoercing implements Coercing<Instant, String> {

        @Override
        public String serialize(Object value) {
            if (value instanceof Instant instant) {
                return instant.toString();
            }
            throw new CoercingSerializeException("DateTime: expected an Instant, got " + value);
        }

        @Override
        public Instant parseValue(Object input) {
            try {
                return Instant.parse(input.toString());
            } catch (DateTimeParseException e) {
                throw new CoercingParseValueException("DateTime: '" + input
                        + "' is not an ISO-8601 instant like 2024-01-05T00:33:23Z");
            }
        }

        @Override
        public Instant parseLiteral(Object input) {
            if (!(input instanceof StringValue string)) {
                throw new CoercingParseLiteralException("DateTime: expected a string like 2024-01-05T00:33:23Z");
            }
            try {
                return Instant.parse(string.getValue());
            } catch (DateTimeParseException e) {
                throw new CoercingParseLiteralException("DateTime: '" + string.getValue()
                        + "' is not an ISO-8601 instant like 2024-01-05T00:33:23Z");
            }
        }
    }
}
