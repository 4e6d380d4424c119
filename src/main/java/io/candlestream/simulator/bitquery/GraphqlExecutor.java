package io.candlestream.simulator.bitquery;

import graphql.ExecutionInput;
import graphql.ExecutionResult;
import graphql.GraphQL;
import graphql.GraphQLError;
import graphql.GraphqlErrorBuilder;
import graphql.execution.DataFetcherResult;
import graphql.execution.preparsed.PreparsedDocumentEntry;
import graphql.execution.preparsed.PreparsedDocumentProvider;
import graphql.language.Document;
import graphql.language.OperationDefinition;
import graphql.parser.InvalidSyntaxException;
import graphql.parser.Parser;
import graphql.schema.DataFetcher;
import graphql.schema.DataFetchingEnvironment;
import graphql.schema.GraphQLSchema;
import graphql.schema.idl.RuntimeWiring;
import graphql.schema.idl.SchemaGenerator;
import graphql.schema.idl.SchemaParser;
import io.candlestream.simulator.SimClock;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;
import java.util.function.Supplier;
import org.reactivestreams.Publisher;
import org.reactivestreams.Subscriber;
import org.reactivestreams.Subscription;

/**
 * Parses, validates and executes GraphQL documents against {@link BitquerySchema} with graphql-java: a query reads
 * the dataset it names at the current chain time; a subscription is executed once per block portion (its root field
 * yields that one block), so every live message is the subscription's own selection of one block. Parsed and
 * validated documents are cached by text. Thread-safe.
 */
final class GraphqlExecutor {

    /** The GraphQL context key under which a subscription's execution carries its block portion. */
    private static final String PORTION = "candlestream.portion";
    private static final int MAX_CACHED_DOCUMENTS = 1_000;

    /** What a DEXTrades field selects from: the swaps of a block, or of a dataset now. */
    private record EvmScope(Supplier<List<DexSwap>> candidates) {
    }

    /** A document's chosen operation, or why there is none. */
    record Operation(OperationDefinition.Operation kind, List<GraphQLError> errors) {

        boolean isSubscription() {
            return kind == OperationDefinition.Operation.SUBSCRIPTION;
        }
    }

    private final GraphQL graphql;

    GraphqlExecutor(Supplier<ChainLog> chain, DatasetRules rules, SimClock clock) {
        RuntimeWiring wiring = RuntimeWiring.newRuntimeWiring()
                .scalar(DateTimeScalar.TYPE)
                .type("Query", t -> t.dataFetcher("EVM", queryRoot(chain, rules, clock)))
                .type("Subscription", t -> t.dataFetcher("EVM", GraphqlExecutor::subscriptionRoot))
                .type("EVM", t -> t.dataFetcher("DEXTrades", GraphqlExecutor::dexTrades))
                .build();
        GraphQLSchema schema = new SchemaGenerator().makeExecutableSchema(new SchemaParser().parse(BitquerySchema.SDL),
                wiring);
        this.graphql = GraphQL.newGraphQL(schema).preparsedDocumentProvider(new Cache()).build();
    }

    /** The kind of the operation {@code operationName} (or the only one) of {@code query}, or the syntax error. */
    Operation operation(String query, String operationName) {
        Document document;
        try {
            document = Parser.parse(query);
        } catch (InvalidSyntaxException e) {
            return new Operation(null, List.of(e.toInvalidSyntaxError()));
        }
        List<OperationDefinition> operations = document.getDefinitionsOfType(OperationDefinition.class);
        Optional<OperationDefinition> chosen = operationName == null
                ? (operations.size() == 1 ? Optional.of(operations.get(0)) : Optional.empty())
                : operations.stream().filter(o -> operationName.equals(o.getName())).findFirst();
        if (chosen.isEmpty()) {
            String why = operationName == null
                    ? "the document has " + operations.size() + " operations; name one with operationName"
                    : "the document has no operation named '" + operationName + "'";
            return new Operation(null, List.of(GraphqlErrorBuilder.newError().message(why).build()));
        }
        return new Operation(chosen.get().getOperation(), List.of());
    }

    /** Executes a query (or a validation failure) and returns the response in GraphQL's shape. */
    Map<String, Object> executeQuery(String query, String operationName, Map<String, Object> variables) {
        return graphql.execute(input(query, operationName, variables, Map.of())).toSpecification();
    }

    /**
     * Executes a subscription for one block: the response ({@code data} or {@code errors}) a live message carries;
     * empty when the subscription selects no trade of the block, as Bitquery then sends nothing.
     */
    Optional<Map<String, Object>> executePortion(String query, String operationName, Map<String, Object> variables,
            BlockPortion portion) {
        ExecutionResult result = graphql.execute(input(query, operationName, variables, Map.of(PORTION, portion)));
        if (!(result.getData() instanceof Publisher<?> publisher)) {
            return Optional.of(result.toSpecification()); // validation or argument errors
        }
        ExecutionResult event = single(publisher);
        if (event.getErrors().isEmpty() && selectsNothing(event.getData())) {
            return Optional.empty();
        }
        return Optional.of(event.toSpecification());
    }

    private static boolean selectsNothing(Object data) {
        if (data instanceof Map<?, ?> root && root.get("EVM") instanceof Map<?, ?> evm) {
            return evm.values().stream().allMatch(v -> v == null || (v instanceof List<?> list && list.isEmpty()));
        }
        return data == null;
    }

    private static ExecutionInput input(String query, String operationName, Map<String, Object> variables,
            Map<String, Object> context) {
        return ExecutionInput.newExecutionInput()
                .query(query)
                .operationName(operationName)
                .variables(variables == null ? Map.of() : variables)
                .graphQLContext(context)
                .build();
    }

    @SuppressWarnings("unchecked")
    private static ExecutionResult single(Publisher<?> publisher) {
        CompletableFuture<ExecutionResult> first = new CompletableFuture<>();
        ((Publisher<ExecutionResult>) publisher).subscribe(new Subscriber<>() {
            @Override
            public void onSubscribe(Subscription subscription) {
                subscription.request(1);
            }

            @Override
            public void onNext(ExecutionResult item) {
                first.complete(item);
            }

            @Override
            public void onError(Throwable error) {
                first.completeExceptionally(error);
            }

            @Override
            public void onComplete() {
                first.completeExceptionally(new IllegalStateException("the subscription completed without a result"));
            }
        });
        try {
            return first.get(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted executing a subscription portion", e);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("executing a subscription portion failed", e);
        }
    }

    private static DataFetcher<Object> queryRoot(Supplier<ChainLog> chain, DatasetRules rules, SimClock clock) {
        return env -> {
            Optional<GraphQLError> refused = refusedRoot(env);
            if (refused.isPresent()) {
                return DataFetcherResult.newResult().error(refused.get()).build();
            }
            String name = env.getArgument("dataset");
            Dataset dataset = name == null ? Dataset.REALTIME : Dataset.valueOf(name.toUpperCase(Locale.ROOT));
            long now = clock.nowMillis();
            ChainLog current = chain.get();
            return new EvmScope(() -> current.inDataset(rules, dataset, now));
        };
    }

    private static Object subscriptionRoot(DataFetchingEnvironment env) {
        Optional<GraphQLError> refused = refusedRoot(env);
        if (refused.isPresent()) {
            return DataFetcherResult.newResult().error(refused.get()).build();
        }
        BlockPortion portion = env.getGraphQlContext().get(PORTION);
        List<DexSwap> swaps = portion == null ? List.of() : portion.swaps();
        return new SinglePublisher(new EvmScope(() -> swaps));
    }

    private static Optional<GraphQLError> refusedRoot(DataFetchingEnvironment env) {
        String network = env.getArgument("network");
        if (network != null && !network.equals("eth")) {
            return Optional.of(GraphqlErrorBuilder.newError(env).message("network: " + network
                    + " is not served by the simulator, which replays Ethereum mainnet; use network: eth").build());
        }
        if (Boolean.TRUE.equals(env.getArgument("mempool"))) {
            return Optional.of(GraphqlErrorBuilder.newError(env).message(
                    "mempool: true is not served by the simulator, which replays mined blocks only").build());
        }
        return Optional.empty();
    }

    private static Object dexTrades(DataFetchingEnvironment env) {
        EvmScope scope = env.getSource();
        try {
            DexTradeSelection selection = DexTradeSelection.of(env.getArgument("where"), env.getArgument("orderBy"),
                    env.getArgument("limit"));
            return selection.apply(scope.candidates().get()).stream().map(DexTradeRows::row).toList();
        } catch (BadArgumentException e) {
            return DataFetcherResult.newResult().error(GraphqlErrorBuilder.newError(env).message(e.getMessage()).build())
                    .build();
        }
    }

    /** A publisher of one item, delivered on the requesting thread, then completion. */
    private static final class SinglePublisher implements Publisher<Object> {

        private final Object item;

        SinglePublisher(Object item) {
            this.item = item;
        }

        @Override
        public void subscribe(Subscriber<? super Object> subscriber) {
            subscriber.onSubscribe(new Subscription() {
                private boolean done;

                @Override
                public void request(long n) {
                    if (!done && n > 0) {
                        done = true;
                        subscriber.onNext(item);
                        subscriber.onComplete();
                    }
                }

                @Override
                public void cancel() {
                    done = true;
                }
            });
        }
    }

    /** Parsed and validated documents by text (validation does not depend on the variables). */
    private static final class Cache implements PreparsedDocumentProvider {

        private final Map<String, PreparsedDocumentEntry> entries = new ConcurrentHashMap<>();

        @Override
        public CompletableFuture<PreparsedDocumentEntry> getDocumentAsync(ExecutionInput input,
                Function<ExecutionInput, PreparsedDocumentEntry> parseAndValidate) {
            if (entries.size() > MAX_CACHED_DOCUMENTS) {
                entries.clear();
            }
            return CompletableFuture.completedFuture(
                    entries.computeIfAbsent(input.getQuery(), q -> parseAndValidate.apply(input)));
        }
    }
}
