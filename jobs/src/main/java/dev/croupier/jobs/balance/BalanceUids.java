package dev.croupier.jobs.balance;

/**
 * Stable operator uids of the balance job. Savepoints map state by these: never change one without
 * a migration plan (a changed uid silently starts that operator's state empty).
 */
final class BalanceUids {
  static final String SOURCE_BETS = "balance-source-bets";
  static final String SOURCE_ROUNDS = "balance-source-rounds";
  static final String SOURCE_PAYMENTS = "balance-source-payments";
  static final String ROUTE_BETS = "balance-route-bets";
  static final String ROUTE_ROUNDS = "balance-route-rounds";
  static final String ROUTE_PAYMENTS = "balance-route-payments";
  static final String ENTRIES_BETS = "balance-entries-bets";
  static final String ENTRIES_ROUNDS = "balance-entries-rounds";
  static final String ENTRIES_PAYMENTS = "balance-entries-payments";
  static final String LEDGER = "balance-ledger";
  static final String SINK_BALANCES = "balance-sink-balances";
  static final String SINK_REDIS = "balance-sink-redis";
  static final String SINK_DLQ = "balance-sink-dlq";

  private BalanceUids() {}
}
