package dev.croupier.jobs.balance;

/**
 * Stable operator uids of the balance job. Savepoints map state by these: never change one without
 * a migration plan (a changed uid silently starts that operator's state empty).
 */
public final class BalanceUids {
  public static final String SOURCE_BETS = "balance-source-bets";
  public static final String SOURCE_ROUNDS = "balance-source-rounds";
  public static final String SOURCE_PAYMENTS = "balance-source-payments";
  public static final String ROUTE_BETS = "balance-route-bets";
  public static final String ROUTE_ROUNDS = "balance-route-rounds";
  public static final String ROUTE_PAYMENTS = "balance-route-payments";
  public static final String ENTRIES_BETS = "balance-entries-bets";
  public static final String ENTRIES_ROUNDS = "balance-entries-rounds";
  public static final String ENTRIES_PAYMENTS = "balance-entries-payments";
  public static final String LEDGER = "balance-ledger";
  public static final String SINK_BALANCES = "balance-sink-balances";
  public static final String SINK_REDIS = "balance-sink-redis";
  public static final String SINK_DLQ = "balance-sink-dlq";

  private BalanceUids() {}
}
