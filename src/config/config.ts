import { z } from 'zod';
import { validateCron } from '../domain/digest-schedule';
import { wecomKeyOf } from '../notify/wecom/wecom-key';
import { LANGUAGES } from '../i18n/messages';
import { type Config, type DigestConfig, LOG_LEVELS } from './config-types';
import { boolean, duration, emailList, integer, optional, redisNodes, statusList, timeZone, url, utcOffset } from './env-fields';
import { SMTP_URL_NEEDS, smtpUrlUsable } from './smtp-url';

/** The URL parser accepts a raw `%` in user or password; decoding them for the login would fail much later. */
const SMTP_URL_UNUSABLE = `SMTP_URL ${SMTP_URL_NEEDS}`;

/** The environment as the program reads it: every variable of PRODUCT.md, with its default. */
const envSchema = z
  .object({
    IFLYRPA_API_KEY: z.string({ error: 'IFLYRPA_API_KEY is required (the Bearer key of your iFlyRPA account)' }).min(1, 'IFLYRPA_API_KEY is required (the Bearer key of your iFlyRPA account)'),
    IFLYRPA_BASE_URL: url('IFLYRPA_BASE_URL', ['http:', 'https:']).default('https://newapi.iflyrpa.com'),
    POLL_INTERVAL: duration('POLL_INTERVAL', '100ms').default(30_000),
    PAGE_SIZE: integer('PAGE_SIZE', 1, 100).default(100),
    MAX_PAGES_PER_POLL: integer('MAX_PAGES_PER_POLL', 1, 1000).default(20),
    IFLYRPA_START_TIME_OFFSET: utcOffset('IFLYRPA_START_TIME_OFFSET').default('+08:00'),
    IFLYRPA_END_TIME_OFFSET: utcOffset('IFLYRPA_END_TIME_OFFSET').default('+00:00'),
    IFLYRPA_TIMEOUT: duration('IFLYRPA_TIMEOUT', '1s').default(15_000),
    DISPLAY_TIMEZONE: timeZone('DISPLAY_TIMEZONE').default('Asia/Shanghai'),
    NOTIFY_STATUSES: statusList.default(['FAILED', 'COMPLETED']),
    REDIS_URL: url('REDIS_URL', ['redis:', 'rediss:']).default('redis://127.0.0.1:6379'),
    REDIS_CLUSTER_NODES: optional(redisNodes('REDIS_CLUSTER_NODES')),
    KEY_PREFIX: z
      .string()
      .regex(/^[A-Za-z0-9_.-]+$/, 'KEY_PREFIX may hold only letters, digits, "_", "." and "-"')
      .default('rpa-notify'),
    SLACK_BOT_TOKEN: optional(z.string()),
    SLACK_CHANNEL: optional(z.string()),
    SLACK_API_URL: optional(url('SLACK_API_URL', ['http:', 'https:'])),
    SLACK_FAILURE_MENTION: optional(z.string()),
    SLACK_SIGNING_SECRET: optional(z.string().min(8, 'SLACK_SIGNING_SECRET must be the Signing Secret of the Slack app (Basic Information)')),
    SLACK_ACTIONS_ALLOWED: optional(
      z
        .string()
        .transform((text) => text.split(',').map((s) => s.trim()).filter(Boolean))
        .refine((ids) => ids.length === 1 && ids[0] === '*' ? true : ids.length > 0 && ids.every((id) => /^[UW][A-Z0-9]{2,}$/.test(id)), 'SLACK_ACTIONS_ALLOWED must be * or Slack user ids like U0123ABCD, comma-separated'),
    ),
    SLACK_THREADS: z.enum(['on', 'off'], { error: 'SLACK_THREADS must be on or off' }).default('on'),
    WECOM_WEBHOOK_URL: optional(
      url('WECOM_WEBHOOK_URL', ['http:', 'https:']).refine(
        (text) => wecomKeyOf(text) !== undefined,
        'WECOM_WEBHOOK_URL must be the robot\'s webhook URL with its key (…/cgi-bin/webhook/send?key=…)',
      ),
    ),
    SMTP_URL: optional(url('SMTP_URL', ['smtp:', 'smtps:']).refine(smtpUrlUsable, SMTP_URL_UNUSABLE)),
    FEISHU_WEBHOOK_URL: optional(
      url('FEISHU_WEBHOOK_URL', ['http:', 'https:']).refine(
        (text) => !URL.canParse(text) || /\/hook\/[^/]+\/?$/.test(new URL(text).pathname),
        'FEISHU_WEBHOOK_URL must be the bot’s webhook URL, ending in /open-apis/bot/v2/hook/<token>',
      ),
    ),
    FEISHU_SECRET: optional(z.string()),
    EMAIL_FROM: optional(z.string()),
    WEBHOOK_URL: optional(url('WEBHOOK_URL', ['http:', 'https:'])),
    WEBHOOK_SECRET: optional(z.string()),
    DINGTALK_WEBHOOK_URL: optional(
      url('DINGTALK_WEBHOOK_URL', ['http:', 'https:']).refine(
        (text) => !URL.canParse(text) || Boolean(new URL(text).searchParams.get('access_token')),
        'DINGTALK_WEBHOOK_URL must be the robot webhook with its access_token, like https://oapi.dingtalk.com/robot/send?access_token=…',
      ),
    ),
    DINGTALK_SECRET: optional(z.string()),
    EMAIL_TO: optional(emailList),
    EMAIL_MODE: z.enum(['immediate', 'digest', 'both'], 'EMAIL_MODE must be immediate, digest or both').default('immediate'),
    DIGEST_INTERVAL: duration('DIGEST_INTERVAL', '1m').default(3_600_000),
    DIGEST_CRON: optional(
      z.string().refine((expression) => {
        try {
          validateCron(expression, 'UTC');
          return true;
        } catch {
          return false;
        }
      }, 'DIGEST_CRON must be a cron expression such as "0 9 * * 1-5" (minute hour day month weekday)'),
    ),
    DIGEST_TIMEZONE: optional(timeZone('DIGEST_TIMEZONE')),
    DIGEST_MAX_PER_WORKFLOW: integer('DIGEST_MAX_PER_WORKFLOW', 1, 1000).default(25),
    HTTP_HOST: z.string().default('127.0.0.1'),
    HTTP_PORT: integer('HTTP_PORT', 0, 65535).default(8080),
    ADMIN_USER: optional(z.string()),
    ADMIN_PASSWORD: optional(z.string()),
    LOG_LEVEL: z
      .enum(LOG_LEVELS, 'LOG_LEVEL must be one of fatal, error, warn, info, debug, trace, silent')
      .default('info'),
    NOTIFY_RETRY_FOR: duration('NOTIFY_RETRY_FOR').default(6 * 3_600_000),
    SHUTDOWN_TIMEOUT: duration('SHUTDOWN_TIMEOUT', '1s').default(10_000),
    HEALTH_ALERT_AFTER: integer('HEALTH_ALERT_AFTER', 1, 10_000).default(5),
    WORKER_CONCURRENCY: integer('WORKER_CONCURRENCY', 1, 100).default(4),
    JOB_LOCK_DURATION: duration('JOB_LOCK_DURATION', '1s').default(30_000),
    STATE_RETENTION: duration('STATE_RETENTION', '1h').default(30 * 86_400_000),
    VANISHED_AFTER: duration('VANISHED_AFTER', '1m').default(3_600_000),
    DIGEST_SEND_EMPTY: boolean.default(false),
    STREAK_MAX_AGE: duration('STREAK_MAX_AGE', '1m').default(86_400_000),
    // `off` disables the global threshold; a workflow's `stuck_after` or learned threshold still applies.
    STUCK_AFTER: z.union([z.literal('off').transform(() => null), duration('STUCK_AFTER', '1m')]).default(2 * 3_600_000),
    PAGERDUTY_ROUTING_KEY: optional(z.string().refine((key) => key.trim().length === 32, 'PAGERDUTY_ROUTING_KEY must be the 32-character integration key of an Events API v2 integration')),
    PAGERDUTY_EVENTS_URL: optional(url('PAGERDUTY_EVENTS_URL', ['http:', 'https:'])),
    FLOOD_CONTROL: z.enum(['on', 'off'], 'FLOOD_CONTROL must be on or off').default('on'),
    ALERT_LANGUAGE: optional(z.enum(LANGUAGES, 'ALERT_LANGUAGE must be en or zh-CN')),
    /** Read by configFilePath; listed here so every variable the program reads is in one schema. */
    RPA_NOTIFY_CONFIG: optional(z.string()),
  });

export type Env = z.infer<typeof envSchema>;

/** Every environment variable the program reads. */
export const CONFIG_VARIABLES: readonly string[] = Object.keys(envSchema.shape);

export type { Config, DigestConfig, EmailConfig, SlackConfig } from './config-types';

export type ConfigResult = { ok: true; config: Config } | { ok: false; problems: string[] };

/** Reads the configuration from an environment; every problem is reported at once, one plain line each, never with a value. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): ConfigResult {
  const known = pickKnown(env);
  const parsed = envSchema.safeParse(known);
  const problems = parsed.success
    ? []
    : parsed.error.issues.map((issue) => {
        const name = String(issue.path[0] ?? '');
        return issue.message.startsWith(name) ? issue.message : `${name}: ${issue.message}`;
      });
  problems.push(...pairProblems(known));
  if (parsed.success) problems.push(...relationProblems(parsed.data));
  if (!parsed.success || problems.length > 0) return { ok: false, problems: [...new Set(problems)] };
  return { ok: true, config: toConfig(parsed.data) };
}

/** Variables that only make sense together; checked even when others are invalid, so all problems show at once. */
function pairProblems(env: Record<string, string | undefined>): string[] {
  const problems: string[] = [];
  if (env.SLACK_BOT_TOKEN && !env.SLACK_CHANNEL) problems.push('SLACK_CHANNEL is required when SLACK_BOT_TOKEN is set');
  if (!env.SLACK_BOT_TOKEN && env.SLACK_CHANNEL) problems.push('SLACK_BOT_TOKEN is required when SLACK_CHANNEL is set');
  if (env.SMTP_URL && (!env.EMAIL_FROM || !env.EMAIL_TO)) problems.push('EMAIL_FROM and EMAIL_TO are required when SMTP_URL is set');
  if (env.WEBHOOK_SECRET && !env.WEBHOOK_URL) problems.push('WEBHOOK_URL is required when WEBHOOK_SECRET is set');
  if (env.FEISHU_SECRET && !env.FEISHU_WEBHOOK_URL) problems.push('FEISHU_WEBHOOK_URL is required when FEISHU_SECRET is set');
  if (env.DINGTALK_SECRET && !env.DINGTALK_WEBHOOK_URL) problems.push('DINGTALK_WEBHOOK_URL is required when DINGTALK_SECRET is set');
  if (env.SLACK_SIGNING_SECRET && !env.SLACK_BOT_TOKEN) problems.push('SLACK_BOT_TOKEN is required when SLACK_SIGNING_SECRET is set (the bot answers button clicks with it)');
  if (env.REDIS_URL && env.REDIS_CLUSTER_NODES) problems.push('REDIS_URL and REDIS_CLUSTER_NODES exclude each other: set REDIS_URL for one Redis, or REDIS_CLUSTER_NODES for a Redis Cluster');
  if (Boolean(env.ADMIN_USER) !== Boolean(env.ADMIN_PASSWORD)) problems.push('ADMIN_USER and ADMIN_PASSWORD go together: set both to enable the queue dashboard, or neither');
  return problems;
}

/**
 * An ended run started longer than STATE_RETENTION ago is forgotten and the baseline raised past it: a run
 * that starts and ends between two polls must still be younger than that when it is first seen, or its
 * alert is silently taken for history. Ten polls leave room for a few failed ones.
 */
function relationProblems(env: Env): string[] {
  if (env.STATE_RETENTION < 10 * env.POLL_INTERVAL) return ['STATE_RETENTION must be at least 10 × POLL_INTERVAL (a shorter one takes new runs for history and drops their alerts)'];
  return [];
}

function pickKnown(env: NodeJS.ProcessEnv): Record<string, string | undefined> {
  const known: Record<string, string | undefined> = {};
  for (const name of Object.keys(envSchema.shape)) {
    const value = env[name];
    // An empty variable means "not set", the way docker-compose and .env files write it.
    known[name] = value === '' ? undefined : value;
  }
  return known;
}

function digestOf(env: Env): DigestConfig {
  return {
    schedule: env.DIGEST_CRON ? { kind: 'cron', expression: env.DIGEST_CRON } : { kind: 'interval', intervalMs: env.DIGEST_INTERVAL },
    timeZone: env.DIGEST_TIMEZONE ?? env.DISPLAY_TIMEZONE,
    sendEmpty: env.DIGEST_SEND_EMPTY,
    maxPerWorkflow: env.DIGEST_MAX_PER_WORKFLOW,
  };
}

function toConfig(env: Env): Config {
  return {
    api: {
      key: env.IFLYRPA_API_KEY,
      baseUrl: env.IFLYRPA_BASE_URL.replace(/\/+$/, ''),
      timeoutMs: env.IFLYRPA_TIMEOUT,
      pageSize: env.PAGE_SIZE,
      startTimeOffset: env.IFLYRPA_START_TIME_OFFSET,
      endTimeOffset: env.IFLYRPA_END_TIME_OFFSET,
    },
    pollIntervalMs: env.POLL_INTERVAL,
    maxPagesPerPoll: env.MAX_PAGES_PER_POLL,
    displayTimeZone: env.DISPLAY_TIMEZONE,
    notifyStatuses: env.NOTIFY_STATUSES,
    redisUrl: env.REDIS_URL,
    redisCluster: env.REDIS_CLUSTER_NODES,
    // On a cluster every key of the deployment carries one hash tag, so Lua scripts and BullMQ's multi-key
    // commands stay in one slot; one Redis keeps the bare prefix, so existing deployments keep their keys.
    keyPrefix: env.REDIS_CLUSTER_NODES ? `{${env.KEY_PREFIX}}` : env.KEY_PREFIX,
    slack:
      env.SLACK_BOT_TOKEN && env.SLACK_CHANNEL
        ? { token: env.SLACK_BOT_TOKEN, channel: env.SLACK_CHANNEL, apiUrl: env.SLACK_API_URL, failureMention: env.SLACK_FAILURE_MENTION }
        : undefined,
    slackApiUrl: env.SLACK_API_URL,
    slackActions: env.SLACK_SIGNING_SECRET ? { signingSecret: env.SLACK_SIGNING_SECRET, allowed: env.SLACK_ACTIONS_ALLOWED ?? ['*'] } : undefined,
    digest: digestOf(env),
    email:
      env.SMTP_URL && env.EMAIL_FROM && env.EMAIL_TO?.length
        ? {
            smtpUrl: env.SMTP_URL,
            from: env.EMAIL_FROM,
            to: env.EMAIL_TO,
            mode: env.EMAIL_MODE,
            digest: digestOf(env),
          }
        : undefined,
    webhook: env.WEBHOOK_URL ? { url: env.WEBHOOK_URL, secret: env.WEBHOOK_SECRET } : undefined,
    feishu: env.FEISHU_WEBHOOK_URL ? { url: env.FEISHU_WEBHOOK_URL, secret: env.FEISHU_SECRET } : undefined,
    dingtalk: env.DINGTALK_WEBHOOK_URL ? { url: env.DINGTALK_WEBHOOK_URL, secret: env.DINGTALK_SECRET } : undefined,
    wecom: env.WECOM_WEBHOOK_URL ? { url: env.WECOM_WEBHOOK_URL } : undefined,
    http: { host: env.HTTP_HOST, port: env.HTTP_PORT, admin: env.ADMIN_USER && env.ADMIN_PASSWORD ? { user: env.ADMIN_USER, password: env.ADMIN_PASSWORD } : undefined },
    logLevel: env.LOG_LEVEL,
    notifyRetryForMs: env.NOTIFY_RETRY_FOR,
    shutdownTimeoutMs: env.SHUTDOWN_TIMEOUT,
    healthAlertAfter: env.HEALTH_ALERT_AFTER,
    workerConcurrency: env.WORKER_CONCURRENCY,
    jobLockMs: env.JOB_LOCK_DURATION,
    stateRetentionMs: env.STATE_RETENTION,
    vanishedAfterMs: env.VANISHED_AFTER,
    streakMaxAgeMs: env.STREAK_MAX_AGE,
    slackThreads: env.SLACK_THREADS === 'on',
    stuckAfterMs: env.STUCK_AFTER,
    pagerduty: env.PAGERDUTY_ROUTING_KEY ? { routingKey: env.PAGERDUTY_ROUTING_KEY.trim(), eventsUrl: env.PAGERDUTY_EVENTS_URL } : undefined,
    pagerdutyEventsUrl: env.PAGERDUTY_EVENTS_URL,
    alertLanguage: env.ALERT_LANGUAGE,
    floodControl: env.FLOOD_CONTROL === 'on',
  };
}
