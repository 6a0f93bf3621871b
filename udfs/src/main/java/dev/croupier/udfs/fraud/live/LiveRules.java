package dev.croupier.udfs.fraud.live;

import dev.croupier.schemas.avro.FraudAlert;
import dev.croupier.schemas.avro.RuleConfig;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.formats.avro.typeutils.AvroTypeInfo;
import org.apache.flink.util.OutputTag;

/**
 * What the live-rules path shares, in one place: the broadcast state every rule operator and
 * cool-down keeps the accepted {@code risk.rules} records in (rule id → record), and the side
 * output a rule operator sends the alerts of its SHADOW versions to.
 */
public final class LiveRules {

  /** Broadcast state: rule id → the latest accepted record of that rule. */
  public static final MapStateDescriptor<String, RuleConfig> STATE =
      new MapStateDescriptor<>("live-rules", Types.STRING, new AvroTypeInfo<>(RuleConfig.class));

  /** Alerts of SHADOW versions: the shadow outputs only, never risk.alerts. */
  public static final OutputTag<FraudAlert> SHADOW_ALERTS =
      new OutputTag<>("shadow-alerts", new AvroTypeInfo<>(FraudAlert.class));

  private LiveRules() {}
}
