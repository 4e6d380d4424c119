package io.candlestream.simulator.bitquery;

/**
 * The subset of Bitquery's GraphQL schema the simulator serves, in SDL: the {@code EVM} root of queries
 * ({@code network}, {@code dataset}, {@code mempool}) and of subscriptions ({@code network}, {@code mempool}), its
 * {@code DEXTrades} cube with {@code where}, {@code orderBy} and {@code limit}, and the fields a DEX-trade consumer
 * reads. Type, field and argument names are Bitquery's, from its published reference
 * ({@code docs/graphql-reference/queries/evm.mdx}, {@code subscriptions/evm.mdx}, {@code objects/evm-dextrade-*},
 * {@code inputs/evm-dextrade-*}, {@code inputs/olap-*}, {@code enums/dataset-arg-enum.mdx}), so a document written for
 * Bitquery within this subset validates here unchanged and one outside it fails validation with graphql-java's error.
 */
final class BitquerySchema {

    private BitquerySchema() {
    }

    static final String SDL = """
            schema {
              query: Query
              subscription: Subscription
            }

            "An instant, ISO-8601 in UTC, e.g. 2024-01-05T00:33:23Z."
            scalar DateTime

            enum evm_network { eth bsc arbitrum }
            enum dataset_arg_enum { realtime archive combined }

            type Query {
              EVM(network: evm_network, dataset: dataset_arg_enum, mempool: Boolean = false): EVM
            }

            type Subscription {
              EVM(network: evm_network, mempool: Boolean = false): EVM
            }

            type EVM {
              DEXTrades(where: EVM_DEXTrade_Filter, orderBy: [EVM_DEXTrade_Ordering], limit: EVM_DEXTrade_Limit):
                  [EVM_DEXTrade_Cube]
            }

            input EVM_DEXTrade_Limit { offset: Int count: Int }

            enum EVM_DEXTrade_EnumFields { Block_Number Block_Time Transaction_Index Log_Index }

            input EVM_DEXTrade_Ordering {
              ascending: EVM_DEXTrade_EnumFields
              descending: EVM_DEXTrade_EnumFields
              ascendingByField: String
              descendingByField: String
            }

            input OLAP_BigInteger { eq: String ne: String in: [String] notIn: [String] ge: String le: String gt: String lt: String }
            input OLAP_Integer { eq: Int ne: Int in: [Int] notIn: [Int] ge: Int le: Int gt: Int lt: Int }
            input OLAP_String { is: String not: String in: [String] notIn: [String] }
            input OLAP_DateTime {
              is: DateTime not: DateTime in: [DateTime] notIn: [DateTime]
              before: DateTime after: DateTime till: DateTime since: DateTime
            }

            input EVM_DEXTrade_Filter {
              Block: EVM_DEXTrade_Input_Block_InputType
              Transaction: EVM_DEXTrade_Input_Transaction_InputType
              Log: EVM_DEXTrade_Input_Log_InputType
              Trade: EVM_DEXTrade_Input_Trade_InputType
            }
            input EVM_DEXTrade_Input_Block_InputType { Number: OLAP_BigInteger Time: OLAP_DateTime Hash: OLAP_String }
            input EVM_DEXTrade_Input_Transaction_InputType { Hash: OLAP_String Index: OLAP_Integer }
            input EVM_DEXTrade_Input_Log_InputType { Index: OLAP_Integer SmartContract: OLAP_String }
            input EVM_DEXTrade_Input_Trade_InputType {
              Dex: EVM_DEXTrade_Input_Trade_Dex_InputType
              Buy: EVM_DEXTrade_Input_Trade_Buy_InputType
              Sell: EVM_DEXTrade_Input_Trade_Sell_InputType
            }
            input EVM_DEXTrade_Input_Trade_Dex_InputType {
              SmartContract: OLAP_String
              ProtocolName: OLAP_String
              Pair: EVM_DEXTrade_Input_Trade_Dex_Pair_InputType
            }
            input EVM_DEXTrade_Input_Trade_Dex_Pair_InputType { SmartContract: OLAP_String }
            input EVM_DEXTrade_Input_Trade_Buy_InputType { Currency: EVM_DEXTrade_Input_Trade_Buy_Currency_InputType }
            input EVM_DEXTrade_Input_Trade_Buy_Currency_InputType { SmartContract: OLAP_String }
            input EVM_DEXTrade_Input_Trade_Sell_InputType { Currency: EVM_DEXTrade_Input_Trade_Sell_Currency_InputType }
            input EVM_DEXTrade_Input_Trade_Sell_Currency_InputType { SmartContract: OLAP_String }

            type EVM_DEXTrade_Cube {
              Block: EVM_DEXTrade_Fields_Block
              Transaction: EVM_DEXTrade_Fields_Transaction
              Log: EVM_DEXTrade_Fields_Log
              Trade: EVM_DEXTrade_Fields_Trade
            }
            type EVM_DEXTrade_Fields_Block { Number: String Time: DateTime Date: String Hash: String }
            type EVM_DEXTrade_Fields_Transaction { Hash: String Index: Int }
            type EVM_DEXTrade_Fields_Log { Index: Int SmartContract: String }
            type EVM_DEXTrade_Fields_Trade {
              Buy: EVM_DEXTrade_Fields_Trade_Buy
              Sell: EVM_DEXTrade_Fields_Trade_Sell
              Dex: EVM_DEXTrade_Fields_Trade_Dex
            }
            type EVM_DEXTrade_Fields_Trade_Buy {
              Amount: String
              Buyer: String
              Price: Float
              Currency: EVM_DEXTrade_Fields_Trade_Buy_Currency
            }
            type EVM_DEXTrade_Fields_Trade_Sell {
              Amount: String
              Seller: String
              Price: Float
              Currency: EVM_DEXTrade_Fields_Trade_Sell_Currency
            }
            type EVM_DEXTrade_Fields_Trade_Buy_Currency { SmartContract: String Decimals: Int Symbol: String Name: String }
            type EVM_DEXTrade_Fields_Trade_Sell_Currency { SmartContract: String Decimals: Int Symbol: String Name: String }
            type EVM_DEXTrade_Fields_Trade_Dex {
              SmartContract: String
              ProtocolName: String
              ProtocolFamily: String
              ProtocolVersion: String
              OwnerAddress: String
              Pair: EVM_DEXTrade_Fields_Trade_Dex_Pair
            }
            type EVM_DEXTrade_Fields_Trade_Dex_Pair { SmartContract: String Name: String }
            """;
}
