package dev.croupier.udfs.fraud;

import java.util.Arrays;
import java.util.List;

/** The ten default rules of DESIGN.md, by the id that appears in alerts and in the rules file. */
public enum RuleId {
  RAPID_CASHOUT("rapid-cashout"),
  BET_VELOCITY("bet-velocity"),
  ACCOUNT_TAKEOVER("account-takeover"),
  MULTI_ACCOUNTING("multi-accounting"),
  CARD_TESTING("card-testing"),
  BONUS_ABUSE("bonus-abuse"),
  STAKE_ANOMALY("stake-anomaly"),
  IMPOSSIBLE_TRAVEL("impossible-travel"),
  PAYOUT_ANOMALY("payout-anomaly"),
  CHIP_DUMPING("chip-dumping");

  private final String id;

  RuleId(String id) {
    this.id = id;
  }

  public String id() {
    return id;
  }

  /** Every rule id as written in files and alerts. */
  public static List<String> ids() {
    return Arrays.stream(values()).map(RuleId::id).toList();
  }

  @Override
  public String toString() {
    return id;
  }
}
