import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

/** Everything /metrics shows; one registry per process (and per bot in tests). */
export class Metrics {
  readonly registry = new Registry();
  readonly polls = new Counter({ name: 'rpa_notify_polls_total', help: 'Polls run by this process, by outcome', labelNames: ['outcome'] as const, registers: [this.registry] });
  readonly apiErrors = new Counter({ name: 'rpa_notify_api_errors_total', help: 'Failed iFlyRPA requests, by cause', labelNames: ['reason'] as const, registers: [this.registry] });
  readonly apiLatency = new Histogram({
    name: 'rpa_notify_api_request_duration_seconds',
    help: 'iFlyRPA request latency',
    labelNames: ['endpoint'] as const,
    buckets: [0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
    registers: [this.registry],
  });
  readonly recordsSeen = new Counter({ name: 'rpa_notify_records_seen_total', help: 'Execution records read from the API', registers: [this.registry] });
  readonly transitions = new Counter({ name: 'rpa_notify_transitions_total', help: 'Status changes detected, by new status', labelNames: ['status'] as const, registers: [this.registry] });
  readonly notifications = new Counter({
    name: 'rpa_notify_notifications_total',
    help: 'Notification attempts, by channel, outcome and reason',
    labelNames: ['channel', 'outcome', 'reason'] as const,
    registers: [this.registry],
  });
  readonly alertsMuted = new Counter({ name: 'rpa_notify_alerts_muted_total', help: 'Alerts kept from the immediate channels, by status and by what muted them (reason: mute or maintenance)', labelNames: ['status', 'reason'] as const, registers: [this.registry] });
  readonly stuckRunsReported = new Counter({ name: 'rpa_notify_stuck_runs_reported_total', help: 'Runs reported STUCK (each once, by the process that claimed it)', registers: [this.registry] });
  readonly openStreaks = new Gauge({ name: 'rpa_notify_open_streaks', help: 'Workflows failing now: open failing streaks (all processes), read from Redis at each scrape', registers: [this.registry] });
  readonly slackActions = new Counter({
    name: 'rpa_notify_slack_actions_total',
    help: 'Slack button clicks by kind (rerun, mute, ack, unknown; "request" for requests refused before reading a click) and outcome',
    labelNames: ['kind', 'outcome'] as const,
    registers: [this.registry],
  });
  readonly groupedMessages = new Counter({ name: 'rpa_notify_grouped_messages_total', help: 'Grouped messages sent by flood control (several alerts in one), by channel', labelNames: ['channel'] as const, registers: [this.registry] });
  readonly groupedAlerts = new Counter({ name: 'rpa_notify_grouped_alerts_total', help: 'Alerts sent inside grouped messages, by channel', labelNames: ['channel'] as const, registers: [this.registry] });
  readonly queueDepth = new Gauge({ name: 'rpa_notify_queue_depth', help: 'Jobs waiting, delayed or active, by queue', labelNames: ['queue'] as const, registers: [this.registry] });
  readonly lastPollSuccess = new Gauge({ name: 'rpa_notify_last_successful_poll_timestamp_seconds', help: 'When a poll (by any process) last succeeded', registers: [this.registry] });

  constructor(options: { defaultMetrics?: boolean } = {}) {
    if (options.defaultMetrics ?? true) collectDefaultMetrics({ register: this.registry });
  }
}
