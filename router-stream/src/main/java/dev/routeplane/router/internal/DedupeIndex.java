package dev.routeplane.router.internal;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * Remembers routed request ids per tenant for a bounded time. A key-value store answers "seen?" with one
 * point lookup (a window store would open an iterator per segment on every request); a second store indexed
 * by routing time, big-endian so byte order is time order, lets a punctuation purge expired ids with a range
 * scan instead of a full scan.
 */
final class DedupeIndex {
  /** Most ids purged per punctuation, so a purge never stalls routing for long. */
  static final int MAX_PURGE = 50_000;

  private final KeyValueStore<String, Long> seen;
  private final KeyValueStore<Bytes, byte[]> byTime;

  DedupeIndex(KeyValueStore<String, Long> seen, KeyValueStore<Bytes, byte[]> byTime) {
    this.seen = seen;
    this.byTime = byTime;
  }

  static String key(String tenantId, String requestId) {
    return tenantId + '\u0000' + requestId;
  }

  /** When the id was routed, or null if not within the retention. */
  Long routedAt(String key) {
    return seen.get(key);
  }

  void remember(String key, long at) {
    seen.put(key, at);
    byte[] k = key.getBytes(StandardCharsets.UTF_8);
    byTime.put(Bytes.wrap(ByteBuffer.allocate(8 + k.length).putLong(at).put(k).array()), new byte[0]);
  }

  /** Forgets ids routed before {@code cutoff}; returns how many. */
  int purgeBefore(long cutoff) {
    Bytes from = Bytes.wrap(new byte[8]);
    Bytes to = Bytes.wrap(ByteBuffer.allocate(8).putLong(Math.max(0, cutoff)).array());
    java.util.List<Bytes> expired = new java.util.ArrayList<>();
    // Collected first and deleted after the iterator is closed: store iterators need not tolerate writes.
    try (KeyValueIterator<Bytes, byte[]> it = byTime.range(from, to)) {
      while (it.hasNext() && expired.size() < MAX_PURGE) {
        KeyValue<Bytes, byte[]> entry = it.next();
        byte[] k = entry.key.get();
        if (k.length < 8 || ByteBuffer.wrap(k).getLong() >= cutoff) {
          break;
        }
        expired.add(entry.key);
      }
    }
    for (Bytes indexKey : expired) {
      byte[] k = indexKey.get();
      String key = new String(k, 8, k.length - 8, StandardCharsets.UTF_8);
      Long at = seen.get(key);
      if (at != null && at < cutoff) {
        seen.delete(key);
      }
      byTime.delete(indexKey);
    }
    int purged = expired.size();
    return purged;
  }
}
