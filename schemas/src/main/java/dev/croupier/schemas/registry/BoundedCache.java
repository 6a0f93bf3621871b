package dev.croupier.schemas.registry;

import java.util.Iterator;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A thread-safe cache with lock-free reads and a size bound. A registry holds few schemas, so when
 * the bound is reached an arbitrary entry makes room: cheap, and a miss only costs one request.
 */
final class BoundedCache<K, V> {
  private final ConcurrentHashMap<K, V> entries = new ConcurrentHashMap<>();
  private final int maxEntries;

  BoundedCache(int maxEntries) {
    if (maxEntries <= 0) {
      throw new IllegalArgumentException("cache bound must be positive, was " + maxEntries);
    }
    this.maxEntries = maxEntries;
  }

  V get(K key) {
    return entries.get(key);
  }

  void put(K key, V value) {
    if (entries.size() >= maxEntries && !entries.containsKey(key)) {
      Iterator<K> victims = entries.keySet().iterator();
      if (victims.hasNext()) {
        entries.remove(victims.next());
      }
    }
    entries.put(key, value);
  }

  int size() {
    return entries.size();
  }

  void clear() {
    entries.clear();
  }
}
