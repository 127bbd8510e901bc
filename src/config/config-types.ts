import type { Language } from '../i18n/messages';
import type { RedisNode } from './env-fields';

export const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

/** The configuration as the program uses it, built from the environment by loadConfig. */

export interface SlackConfig {
  token: string;
  channel: string;
  apiUrl?: string;
  failureMention?: string;
  /** Each failing streak in one thread (SLACK_THREADS, or the channel's `threads:`). */
  threads?: boolean;
}

export interface EmailConfig {
  smtpUrl: string;
  from: string;
  to: string[];
  mode: 'immediate' | 'digest' | 'both';
  digest: DigestConfig;
}

export interface DigestConfig {
  schedule: { kind: 'interval'; intervalMs: number } | { kind: 'cron'; expression: string };
  timeZone: string;
  sendEmpty: boolean;
  maxPerWorkflow: number;
}

export interface Config {
  api: {
    key: string;
    baseUrl: string;
    timeoutMs: number;
    pageSize: number;
    startTimeOffset: string;
    endTimeOffset: string;
  };
  pollIntervalMs: number;
  maxPagesPerPoll: number;
  displayTimeZone: string;
  notifyStatuses: string[];
  /** REDIS_URL: the one Redis (unused when redisCluster is set; connect through redisTargetOf). */
  redisUrl: string;
  /** REDIS_CLUSTER_NODES: the bot runs on this Redis Cluster instead of REDIS_URL. */
  redisCluster?: RedisNode[];
  /** Namespace of every key and queue: KEY_PREFIX, or `{KEY_PREFIX}` (one hash tag) on a cluster. */
  keyPrefix: string;
  slack?: SlackConfig;
  /** SLACK_API_URL, also for the Slack channels of the config file. */
  slackApiUrl?: string;
  /** SLACK_SIGNING_SECRET set: alerts carry Re-run / Mute 2h / Ack and POST /slack/actions takes the clicks. */
  slackActions?: { signingSecret: string; /** SLACK_ACTIONS_ALLOWED: who may re-run and mute (`*`: anyone); ack is open to all. */ allowed: string[] };
  email?: EmailConfig;
  /** The DIGEST_* settings: the environment's email channel's digest, and the default of the file's email channels. */
  digest: DigestConfig;
  /** WEBHOOK_URL / WEBHOOK_SECRET: the environment's webhook channel. */
  webhook?: { url: string; secret?: string };
  /** The Feishu bot FEISHU_WEBHOOK_URL names (the `feishu` channel). */
  feishu?: { url: string; secret?: string };
  /** DINGTALK_WEBHOOK_URL / DINGTALK_SECRET: the environment's DingTalk robot. */
  dingtalk?: { url: string; secret?: string };
  /** WECOM_WEBHOOK_URL: a WeCom group robot. */
  wecom?: { url: string };
  http: { host: string; port: number; admin?: { user: string; password: string } };
  logLevel: LogLevel;
  notifyRetryForMs: number;
  shutdownTimeoutMs: number;
  /** Failed polls in a row before people are told iFlyRPA is unreachable. */
  healthAlertAfter: number;
  workerConcurrency: number;
  /** After a process dies, its jobs are taken up again within this time. */
  jobLockMs: number;
  /** How long ended executions are remembered. */
  stateRetentionMs: number;
  /** A tracked PENDING run the API serves neither in the list nor by id for this long is no longer tracked. */
  vanishedAfterMs: number;
  /** A failing streak that opened longer ago than this closes quietly; the next failure opens a new one. */
  streakMaxAgeMs: number;
  /** SLACK_THREADS: each failing streak in one Slack thread (a Slack channel of the file may say `threads:` itself). */
  slackThreads: boolean;
  /** STUCK_AFTER: a run PENDING this long gets one STUCK alert (unless its workflow says otherwise); null: `off`. */
  stuckAfterMs: number | null;
  /** The environment's PagerDuty channel (PAGERDUTY_ROUTING_KEY). */
  pagerduty?: { routingKey: string; eventsUrl?: string };
  /** PAGERDUTY_EVENTS_URL, also for the pagerduty channels of the config file. */
  pagerdutyEventsUrl?: string;
  /** FLOOD_CONTROL: each channel at its type's pace, what piles up sent as grouped messages (PRODUCT "Flood control"). */
  floodControl: boolean;
  /** ALERT_LANGUAGE: the environment's channels speak it, and so do the file's that set no `language:`; unset, each type's default. */
  alertLanguage?: Language;
}
