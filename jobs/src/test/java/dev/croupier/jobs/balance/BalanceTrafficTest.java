package dev.croupier.jobs.balance;

import static org.assertj.core.api.Assertions.assertThat;

import dev.croupier.jobs.balance.Delivery.Fault;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** The IT's generator and oracle are test code too: check that they produce what the IT claims. */
class BalanceTrafficTest {

  @Test
  void shouldGenerateTheIssuesMixOfTrafficReproducibly() {
    // When 1,000 players × ~100 events are generated with 5 % duplicates and 1 % bad records
    List<Delivery> traffic = BalanceTraffic.generate(7L, 1_000, 100, 0.05, 0.01);

    // Then the mix is as the issue asks, every fault occurs, and the same seed gives the same
    // traffic
    long bad = traffic.stream().filter(Delivery::isBad).count();
    Set<Object> ids = new HashSet<>();
    long duplicates =
        traffic.stream()
            .filter(d -> !d.isBad())
            .filter(d -> !ids.add(d.record().get("eventId")))
            .count();
    long good = traffic.size() - bad - duplicates;
    assertThat(good).isBetween(95_000L, 110_000L);
    assertThat((double) duplicates / good).isBetween(0.045, 0.055);
    assertThat((double) bad / good).isBetween(0.009, 0.011);
    Map<Fault, Long> faults =
        traffic.stream().collect(Collectors.groupingBy(Delivery::fault, Collectors.counting()));
    assertThat(faults.keySet()).containsAll(Set.of(Fault.values()));
    assertThat(traffic.stream().map(Delivery::topic).distinct().count()).isEqualTo(3);
    assertThat(BalanceTraffic.generate(7L, 1_000, 100, 0.05, 0.01).get(50_000).record())
        .isEqualTo(traffic.get(50_000).record());
  }

  @Test
  void shouldComputeAnExpectedViewForEveryPlayerIgnoringDuplicatesAndBadRecords() {
    List<Delivery> traffic = BalanceTraffic.generate(7L, 50, 100, 0.05, 0.01);
    List<Delivery> clean = traffic.stream().filter(d -> !d.isBad()).toList();
    Set<Object> ids = new HashSet<>();
    List<Delivery> once = clean.stream().filter(d -> ids.add(d.record().get("eventId"))).toList();

    Map<String, BalanceOracle.Expected> withNoise = BalanceOracle.of(traffic);
    Map<String, BalanceOracle.Expected> withoutNoise = BalanceOracle.of(once);

    assertThat(withNoise).hasSize(50);
    withNoise.forEach(
        (user, e) -> {
          BalanceOracle.Expected o = withoutNoise.get(user);
          assertThat(e.balance).isEqualTo(o.balance);
          assertThat(e.seq).isEqualTo(o.seq).isPositive();
          assertThat(e.balance)
              .isEqualTo(e.deposited - e.withdrawn + e.bonus - e.staked + e.paidOut);
          assertThat(e.lastEventCandidates()).isNotEmpty();
        });
  }
}
