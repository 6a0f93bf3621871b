package dev.croupier.udfs.redis;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.List;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes the batches a {@link PipelinedRedisWriter} cuts on one dedicated thread, in the order they
 * were handed off, so that the task thread works on records while a batch is on the wire. At most
 * {@code capacity} batches are handed off and not yet written: {@link #send} waits for room, {@link
 * #drain} for all of them (the checkpoint's guarantee). Through an outage the sender retries in
 * {@link RedisBatchWriter}; the task thread blocks as soon as the hand-off is full, so the job
 * backpressures as it did when the task thread sent itself. The sender's failure stops it and is
 * thrown in the task thread by the next {@link #send}, {@link #drain} or {@link #close}.
 *
 * <p>Called by one task thread; its own thread is the only user of the {@link RedisBatchWriter}
 * after construction (the lock hands the batches over with a happens-before).
 */
final class BatchSender<T> implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(BatchSender.class);

  /** Reports each written batch, from the sender thread. */
  interface Written<T> {
    void written(List<T> batch, long nanos);
  }

  private final RedisBatchWriter<T> redis;
  private final Written<T> written;
  private final int capacity;
  private final Duration joinTimeout;
  private final Thread thread;
  private final ReentrantLock lock = new ReentrantLock();
  private final Condition changed = lock.newCondition();
  // Guarded by lock: batches handed off in order; the head is the one being written.
  private final ArrayDeque<List<T>> queue = new ArrayDeque<>();
  private volatile int inFlight;
  // Set with failure, read without the lock on every record.
  private volatile boolean failed;
  private Throwable failure;
  private boolean failureThrown;
  private boolean closing;

  /**
   * Starts the sender thread. {@code redis} belongs to this sender from now on and is closed by
   * {@link #close}.
   */
  BatchSender(
      RedisBatchWriter<T> redis,
      Written<T> written,
      int capacity,
      Duration joinTimeout,
      ThreadFactory threads) {
    if (capacity < 1) {
      throw new IllegalArgumentException("capacity must be at least 1, not " + capacity);
    }
    this.redis = redis;
    this.written = written;
    this.capacity = capacity;
    this.joinTimeout = joinTimeout;
    this.thread = threads.newThread(this::run);
    thread.start();
  }

  /** Batches handed off and not yet written, for the metrics. */
  int inFlight() {
    return inFlight;
  }

  /** The sender thread, for tests that it ends with {@link #close}. */
  Thread thread() {
    return thread;
  }

  /**
   * Hands {@code batch} to the sender thread, waiting (interruptibly) while {@code capacity}
   * batches are in flight. The caller must not touch the list or its records afterwards.
   */
  void send(List<T> batch) throws InterruptedException {
    lock.lockInterruptibly();
    try {
      while (failure == null && queue.size() >= capacity) {
        changed.await();
      }
      throwFailure();
      queue.addLast(batch);
      inFlight = queue.size();
      changed.signalAll();
    } finally {
      lock.unlock();
    }
  }

  /** Throws the sender's failure, if it failed; cheap enough for every record. */
  void checkFailure() {
    if (failed) {
      lock.lock();
      try {
        throwFailure();
      } finally {
        lock.unlock();
      }
    }
  }

  /** Waits (interruptibly) until every batch handed off is written; throws the sender's failure. */
  void drain() throws InterruptedException {
    lock.lockInterruptibly();
    try {
      while (failure == null && !queue.isEmpty()) {
        changed.await();
      }
      throwFailure();
    } finally {
      lock.unlock();
    }
  }

  /**
   * Throws the sender's failure, if any, in the task thread (which then fails): the first time as
   * it was (a new exception, so the task thread's stack shows too, with the sender's as its cause).
   */
  private void throwFailure() {
    if (failure == null) {
      return;
    }
    if (failureThrown) {
      throw new IllegalStateException("the Redis sender failed before, and stopped", failure);
    }
    failureThrown = true;
    if (failure instanceof RedisWriteException e) {
      throw new RedisWriteException(e.getMessage(), e, e.isOutage());
    }
    throw new RedisWriteException(
        "the Redis sender thread failed: " + RedisErrors.describe(failure), failure, false);
  }

  private void run() {
    try {
      while (true) {
        List<T> batch;
        lock.lockInterruptibly();
        try {
          while (queue.isEmpty() && !closing) {
            changed.await();
          }
          if (closing) {
            return;
          }
          batch = queue.peekFirst();
        } finally {
          lock.unlock();
        }
        long start = System.nanoTime();
        redis.write(batch);
        written.written(batch, System.nanoTime() - start);
        lock.lockInterruptibly();
        try {
          queue.pollFirst();
          inFlight = queue.size();
          changed.signalAll();
        } finally {
          lock.unlock();
        }
      }
    } catch (InterruptedException e) {
      // close() interrupts us; the batches left are replayed from the last checkpoint
    } catch (Throwable t) {
      lock.lock();
      try {
        if (closing) {
          LOG.debug("the Redis sender failed while closing", t);
        } else {
          LOG.warn("the Redis sender failed; the task fails with it", t);
          failure = t;
          failed = true;
        }
        changed.signalAll();
      } finally {
        lock.unlock();
      }
    }
  }

  /**
   * Stops the sender thread (interrupts it, waits up to the join time-out) and closes the Redis
   * client, whatever happens; batches not yet written are dropped (they are after the last
   * completed checkpoint, so a restore replays them). Throws the sender's failure if the task has
   * not seen it yet.
   */
  @Override
  public void close() throws InterruptedException {
    try {
      lock.lock();
      try {
        closing = true;
        changed.signalAll();
      } finally {
        lock.unlock();
      }
      thread.interrupt();
      thread.join(joinTimeout.toMillis());
      if (thread.isAlive()) {
        // Stuck in a socket read: closing the client below makes it fail, and it is a daemon.
        LOG.warn("the Redis sender did not stop within {}; closing its connection", joinTimeout);
      }
    } finally {
      redis.close();
    }
    lock.lock();
    try {
      if (!failureThrown) {
        throwFailure();
      }
    } finally {
      lock.unlock();
    }
  }
}
