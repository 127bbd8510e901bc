/**
 * How many sorted sets hold the recorded executions. Small sets are kept by Redis in its compact
 * encoding (listpack, up to zset-max-listpack-entries = 128 members by default): about 30 bytes a run
 * instead of about 210 in one big hash and one big sorted set. 1024 of them stay compact up to about
 * 130,000 runs in STATE_RETENTION; beyond, each set turns into the ordinary encoding, still correct.
 */
export const SEEN_BUCKETS = 1024;

/**
 * The bucket of an execution id: FNV-1a (32 bit) over its UTF-16 code units. Part of the data
 * format: changing it would look runs up where they were never filed.
 */
export function seenBucket(id: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < id.length; i++) {
    hash ^= id.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash % SEEN_BUCKETS;
}
