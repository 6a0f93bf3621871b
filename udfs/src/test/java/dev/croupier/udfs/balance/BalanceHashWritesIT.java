package dev.croupier.udfs.balance;

import static org.assertj.core.api.Assertions.assertThat;

import dev.croupier.schemas.avro.BalanceUpdated;
import dev.croupier.testkit.RedisServer;
import dev.croupier.testkit.SharedServices;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import redis.clients.jedis.Pipeline;
import redis.clients.jedis.RedisClient;
import redis.clients.jedis.Response;

/** The Lua compare-and-set of the balance hash, against a real Redis. */
@ExtendWith(SharedServices.class)
class BalanceHashWritesIT {
  private static final String PREFIX = "cas-test:";
  private static final Instant NOON = Instant.parse("2026-03-01T12:00:00Z");

  private final BalanceHashWrites writes = new BalanceHashWrites(PREFIX);
  private RedisClient client;

  @BeforeEach
  void connect(RedisServer redis) {
    client = redis.newClient();
    for (String key : client.keys(PREFIX + "*")) {
      client.del(key);
    }
    writes.open(client);
  }

  @AfterEach
  void disconnect() {
    client.close();
  }

  /** An update whose every field is derived from seq, so a torn write would show. */
  private static BalanceUpdated update(String user, long seq) {
    return BalanceUpdated.newBuilder()
        .setUserId(user)
        .setSeq(seq)
        .setCurrency("EUR")
        .setBalance(seq * 100)
        .setDeposited(seq * 200)
        .setWithdrawn(seq * 10)
        .setStaked(seq * 50)
        .setPaidOut(seq * 40)
        .setBonus(seq)
        .setLastEventId("e" + seq)
        .setUpdatedAt(NOON.plusSeconds(seq))
        .build();
  }

  private boolean write(BalanceUpdated u) {
    try (Pipeline p = client.pipelined()) {
      Response<Object> r = writes.compareAndSet(p, u);
      p.sync();
      return Long.valueOf(1L).equals(r.get());
    }
  }

  private Map<String, String> stored(String user) {
    return client.hgetAll(writes.key(user));
  }

  @Test
  void shouldWriteTheWholeHashWhenNoneIsStored() {
    // When the first update of a player is written
    boolean wrote = write(update("alice", 3));

    // Then every field of the documented hash holds its value, in minor units and ISO-8601
    assertThat(wrote).isTrue();
    assertThat(stored("alice"))
        .containsExactlyInAnyOrderEntriesOf(
            Map.of(
                "seq",
                "3",
                "currency",
                "EUR",
                "balance",
                "300",
                "deposited",
                "600",
                "withdrawn",
                "30",
                "staked",
                "150",
                "paidOut",
                "120",
                "bonus",
                "3",
                "lastEventId",
                "e3",
                "updatedAt",
                "2026-03-01T12:00:03Z"));
  }

  @Test
  void shouldRefuseAnOlderOrEqualSeqAndWriteANewerOne() {
    // Given seq 5 is stored
    write(update("alice", 5));

    // When seq 4 and seq 5 arrive (a replay), the hash keeps seq 5 untouched
    assertThat(write(update("alice", 4))).isFalse();
    BalanceUpdated sameSeqOtherContent = update("alice", 5);
    sameSeqOtherContent.setBalance(-1);
    assertThat(write(sameSeqOtherContent)).isFalse();
    assertThat(stored("alice"))
        .containsEntry("seq", "5")
        .containsEntry("balance", "500")
        .containsEntry("lastEventId", "e5");

    // When seq 6 arrives, every field moves to it
    assertThat(write(update("alice", 6))).isTrue();
    assertThat(stored("alice"))
        .containsEntry("seq", "6")
        .containsEntry("balance", "600")
        .containsEntry("staked", "300")
        .containsEntry("lastEventId", "e6");
  }

  @Test
  void shouldEndAtTheHighestSeqWithConsistentFieldsWhenWritersRace(RedisServer redis)
      throws Exception {
    // Given seqs 1..2,000 of one player shuffled and split between four clients
    List<Long> seqs = new ArrayList<>();
    for (long s = 1; s <= 2_000; s++) {
      seqs.add(s);
    }
    Collections.shuffle(seqs, new Random(42));
    ExecutorService pool = Executors.newFixedThreadPool(4);
    List<Future<Integer>> writers = new ArrayList<>();
    for (int w = 0; w < 4; w++) {
      List<Long> mine = seqs.subList(w * 500, (w + 1) * 500);
      writers.add(pool.submit(() -> racingWriter(redis, mine)));
    }

    // When they write at once in pipelined batches
    int wrote = 0;
    for (Future<Integer> f : writers) {
      wrote += f.get();
    }
    pool.shutdown();

    // Then the hash is exactly seq 2,000's, never a mix, and stale writes were refused
    assertThat(stored("racer")).isEqualTo(fieldsOf(update("racer", 2_000)));
    assertThat(wrote).isBetween(1, 2_000 - 1);
  }

  private int racingWriter(RedisServer redis, List<Long> mine) {
    BalanceHashWrites own = new BalanceHashWrites(PREFIX);
    try (RedisClient c = redis.newClient()) {
      own.open(c);
      int wrote = 0;
      for (int i = 0; i < mine.size(); i += 50) {
        try (Pipeline p = c.pipelined()) {
          List<Response<Object>> rs = new ArrayList<>();
          for (long s : mine.subList(i, Math.min(i + 50, mine.size()))) {
            rs.add(own.compareAndSet(p, update("racer", s)));
          }
          p.sync();
          for (Response<Object> r : rs) {
            wrote += Long.valueOf(1L).equals(r.get()) ? 1 : 0;
          }
        }
      }
      return wrote;
    }
  }

  private static Map<String, String> fieldsOf(BalanceUpdated u) {
    List<String> f = BalanceHashWrites.fields(u);
    Map<String, String> m = new java.util.HashMap<>();
    for (int i = 0; i < f.size(); i += 2) {
      m.put(f.get(i), f.get(i + 1));
    }
    return m;
  }

  private List<Object> writeBatch(List<BalanceUpdated> batch) {
    try (Pipeline p = client.pipelined()) {
      writes.writeBatch(p, batch);
      return writes.replies(p.syncAndReturnAll());
    }
  }

  @Test
  void shouldWriteABatchAsFewScriptCallsWithTheFieldsOfOneByOneWrites() {
    // Given 250 players' updates: three calls of the batch script (100, 100, 50 hashes)
    List<BalanceUpdated> batch = new ArrayList<>();
    for (int i = 0; i < 250; i++) {
      BalanceUpdated u = update("p" + i, i + 1);
      u.setUpdatedAt(NOON.plusMillis(i * 1_001L)); // with and without milliseconds
      batch.add(u);
    }

    // When the batch is written
    List<Object> replies;
    try (Pipeline p = client.pipelined()) {
      writes.writeBatch(p, batch);
      List<Object> perCall = p.syncAndReturnAll();
      assertThat(perCall).hasSize(3);
      replies = writes.replies(perCall);
    }

    // Then there is one reply per update, each written, and every hash holds exactly the fields
    // and values the one-by-one script writes
    assertThat(replies).hasSize(250).containsOnly(1L);
    for (BalanceUpdated u : batch) {
      assertThat(stored(u.getUserId())).isEqualTo(fieldsOf(u));
    }
  }

  @Test
  void shouldApplyTheCompareAndSetPerHashInBatchOrderAndReportStaleOnes() {
    // Given alice at seq 5
    write(update("alice", 5));

    // When a batch brings alice 4 (stale), bob 1 (new), alice 5 with other content (stale),
    // alice 6 (newer) and alice 6 again (now stale)
    BalanceUpdated sameSeq = update("alice", 5);
    sameSeq.setBalance(-1);
    List<Object> replies =
        writeBatch(
            List.of(
                update("alice", 4),
                update("bob", 1),
                sameSeq,
                update("alice", 6),
                update("alice", 6)));

    // Then each update is answered in order, written (1) or stale (0), as one-by-one writes would
    assertThat(replies).containsExactly(0L, 1L, 0L, 1L, 0L);
    assertThat(stored("alice")).isEqualTo(fieldsOf(update("alice", 6)));
    assertThat(stored("bob")).isEqualTo(fieldsOf(update("bob", 1)));
  }

  @Test
  void shouldEndAtTheHighestSeqWhenBatchWritersRace(RedisServer redis) throws Exception {
    // Given seqs 1..2,000 of one player shuffled and split between four clients
    List<Long> seqs = new ArrayList<>();
    for (long s = 1; s <= 2_000; s++) {
      seqs.add(s);
    }
    Collections.shuffle(seqs, new Random(7));
    ExecutorService pool = Executors.newFixedThreadPool(4);
    List<Future<Integer>> writers = new ArrayList<>();
    for (int w = 0; w < 4; w++) {
      List<Long> mine = seqs.subList(w * 500, (w + 1) * 500);
      writers.add(pool.submit(() -> racingBatchWriter(redis, mine)));
    }

    // When they write at once, 150 updates a batch (two script calls)
    int wrote = 0;
    for (Future<Integer> f : writers) {
      wrote += f.get();
    }
    pool.shutdown();

    // Then the hash is exactly seq 2,000's, never a mix, and stale writes were refused
    assertThat(stored("racer")).isEqualTo(fieldsOf(update("racer", 2_000)));
    assertThat(wrote).isBetween(1, 2_000 - 1);
  }

  private int racingBatchWriter(RedisServer redis, List<Long> mine) {
    BalanceHashWrites own = new BalanceHashWrites(PREFIX);
    try (RedisClient c = redis.newClient()) {
      own.open(c);
      int wrote = 0;
      for (int i = 0; i < mine.size(); i += 150) {
        List<BalanceUpdated> batch = new ArrayList<>();
        for (long s : mine.subList(i, Math.min(i + 150, mine.size()))) {
          batch.add(update("racer", s));
        }
        try (Pipeline p = c.pipelined()) {
          own.writeBatch(p, batch);
          for (Object r : own.replies(p.syncAndReturnAll())) {
            wrote += Long.valueOf(1L).equals(r) ? 1 : 0;
          }
        }
      }
      return wrote;
    }
  }
}
