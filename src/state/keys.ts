/** Every Redis key the bot writes outside BullMQ's own, built in one place under KEY_PREFIX. */
export function stateKeys(prefix: string) {
  return {
    /**
     * sorted sets, SEEN_BUCKETS of them (see seenBucket): every recorded execution id, scored by start
     * time (ms; else end, else detection time), so old ones can be forgotten. Recorded and not in
     * `pending` means ended (terminal statuses are sticky).
     */
    seenBucket: (bucket: number) => `${prefix}:exec:seen:${bucket}`,
    /** what seenBucket appends the bucket number to (for the Lua scripts) */
    seenBucketPrefix: `${prefix}:exec:seen:`,
    /** hash, before the buckets: execution id -> last status recorded; read, and emptied as its runs are seen again or pruned */
    status: `${prefix}:exec:status`,
    /** sorted set, before the buckets: what the buckets hold now; emptied the same way */
    seen: `${prefix}:exec:seen`,
    /** sorted set: ids recorded with no readable start nor end, in recording order; capped, not pruned by time */
    timeless: `${prefix}:exec:timeless`,
    /** string: the rank in `seen` where the sweep of pruneHistory-4.lua goes on; gone between sweeps */
    pruneOffset: `${prefix}:exec:prune-offset`,
    /** sorted set: execution ids still PENDING, scored by start time (ms) */
    pending: `${prefix}:exec:pending`,
    /** hash: tracked PENDING execution id -> when a lookup first found it missing (ms); cleared when it is seen again */
    missing: `${prefix}:exec:missing`,
    /** string: the unfinished catch-ups (JSON: cursors newest first, start, polls, runs fetched), so any process continues them */
    catchUp: `${prefix}:catch-up`,
    /** string: start time (ms) of the newest execution of the first poll; older first-seen runs are history */
    baseline: `${prefix}:baseline`,
    /** hash: transition key -> transition JSON, written with the detection, deleted once its jobs are queued */
    outbox: `${prefix}:outbox`,
    /** hash: mute id -> mute JSON (see MuteStore); expires with the last mute */
    mutes: `${prefix}:mutes`,
    /** set: statuses the docs do not list that we have already logged */
    unknownStatuses: `${prefix}:unknown-statuses`,
    /** string per (channel, execution, status): the alert went out */
    sent: (channel: string, executionId: string, status: string) => `${prefix}:sent:${channel}:${executionId}:${status}`,
    /** string per poll slot: who polls in this interval */
    pollSlot: (slot: number) => `${prefix}:poll-slot:${slot}`,
    /** sorted set: transition key -> detection time (ms), waiting for its digest */
    digestEntries: `${prefix}:digest:entries`,
    /** hash: transition key -> transition JSON, for the digest */
    digestData: `${prefix}:digest:data`,
    /** string: end (ms) of the last digest period handled; the next period starts there */
    digestCursor: `${prefix}:digest:cursor`,
    /** string: the process sending a digest right now */
    digestLock: `${prefix}:digest:lock`,
    /** string: failed polls in a row */
    healthFailures: `${prefix}:health:failures`,
    /** string: when the first of those failures happened (ms) */
    healthFirstFailure: `${prefix}:health:first-failure`,
    /** string: the outage people were told about (JSON), until polling works again */
    healthOutage: `${prefix}:health:outage`,
    /** hash: failed polls in a row (`failures`) and "no poll before" (`until`, ms), shared by every process; gone after a success */
    pollBackoff: `${prefix}:poll-backoff`,
    /** string: when the last poll succeeded (ms) */
    lastPollOk: `${prefix}:last-poll-ok`,
    /** hash per (account, workflow): its failing streak (failing, count, since, latestAt); see applyStreak-4.lua */
    streak: (account: string, projectId: string) => `${prefix}:streak:${account}:${projectId}`,
    /** sorted set: "<account>|<project id>" -> since (ms) of each failing streak, so /metrics counts open ones without a scan */
    openStreaks: `${prefix}:streaks:open`,
    /** hash per (account, workflow): "<execution id>|<status>" -> the streak effect it had, so applying it again changes nothing */
    streakApplied: (account: string, projectId: string) => `${prefix}:streak-applied:${account}:${projectId}`,
    /** sorted set per (account, workflow): the same members by when applied, so the oldest are forgotten */
    streakAppliedOrder: (account: string, projectId: string) => `${prefix}:streak-applied-order:${account}:${projectId}`,
    /** hash per (channel, account, workflow, streak): the streak's Slack thread (root ts, claim, replies, recovery); see ThreadStore */
    streakThread: (channel: string, account: string, projectId: string, streakId: string) => `${prefix}:streak-thread:${channel}:${account}:${projectId}:${streakId}`,
    /** sorted set per (account, error fingerprint): execution id -> when detected (ms), the last 24 h, capped; see recordError-2.lua */
    errorRuns: (account: string, fingerprint: string) => `${prefix}:error-runs:${account}:${fingerprint}`,
    /** sorted set per (account, error fingerprint): project id -> its latest run with that error (ms), the last 24 h */
    errorWorkflows: (account: string, fingerprint: string) => `${prefix}:error-workflows:${account}:${fingerprint}`,
    /** list per workflow: durations (ms) of its last ended runs, newest first, capped (MAX_DURATIONS) */
    durations: (projectId: string) => `${prefix}:durations:${projectId}`,
    /** hash: tracked PENDING execution id -> its last seen record (JSON), for its STUCK alert */
    pendingRecords: `${prefix}:stuck:records`,
    /** string per execution: it got its STUCK alert (set once, with a TTL) */
    stuckReported: (executionId: string) => `${prefix}:stuck:reported:${executionId}`,
    /** string per (account, execution): the FAILED/STUCK alert (transition JSON) its Slack buttons act on; with a TTL */
    actionAlert: (account: string, executionId: string) => `${prefix}:action:alert:${account}:${executionId}`,
    /** string per (button, account, execution): the one click that acted (JSON: who, when, what it did); set NX, with a TTL */
    actionDone: (kind: string, account: string, executionId: string) => `${prefix}:action:done:${kind}:${account}:${executionId}`,
    /** string per verified request to /slack/actions (SHA-256 of its body): seen, so a replay or Slack's retry is dropped; 10 min */
    actionSeen: (bodyHash: string) => `${prefix}:action:seen:${bodyHash}`,
    /** string per (account, execution started by Re-run): where to say how it ended (JSON: origin, channel, thread); with a TTL */
    actionRerun: (account: string, executionId: string) => `${prefix}:action:rerun:${account}:${executionId}`,
    /** hash per (channel, PagerDuty dedup_key): the newest event sent and the sends in flight; see pagerdutyOrder-1.lua */
    pagerdutyOrder: (channel: string, dedupKey: string) => `${prefix}:pagerduty-order:${channel}:${dedupKey}`,
    /** string per (account, workflow): who acknowledged its failing streak (JSON, see AckStore); with a TTL */
    ack: (account: string, projectId: string) => `${prefix}:ack:${account}:${projectId}`,
    /** hash per channel: its token bucket (tokens, updatedAt ms), shared by every process; see floodAdmit-5.lua */
    floodBucket: (channel: string) => `${prefix}:flood:bucket:${channel}`,
    /** sorted set per channel: delivery keys of alerts waiting for a grouped message, failures first */
    floodWaiting: (channel: string) => `${prefix}:flood:waiting:${channel}`,
    /** hash per channel: delivery key -> transition JSON of what waits */
    floodData: (channel: string) => `${prefix}:flood:data:${channel}`,
    /** string per channel: when the oldest of what waits was parked (ms) */
    floodSince: (channel: string) => `${prefix}:flood:since:${channel}`,
    /** string per channel: the drain generation (the id of the drain job that takes what waits next) */
    floodGen: (channel: string) => `${prefix}:flood:gen:${channel}`,
    /** hash per (channel, drain job): the batch that job sends as one message, until it was sent */
    floodBatch: (channel: string, drainJobId: string) => `${prefix}:flood:batch:${channel}:${drainJobId}`,
  };
}

export type StateKeys = ReturnType<typeof stateKeys>;
