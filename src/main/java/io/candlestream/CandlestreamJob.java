package io.candlestream; public class CandlestreamJob { public static void main(String[] a){} }
