import { z } from 'zod';
import { parseDuration } from './duration';

/** Field schemas of the environment: each failure names its variable and says what would have been right. */

/** `min`: below it the value cannot work (a 1 ms lock is lost before it is renewed, a 1 ms poll hammers the API). */
export const duration = (name: string, min = '1ms') =>
  z.string().transform((text, ctx) => {
    const ms = parseDuration(text);
    if (ms === undefined) {
      ctx.addIssue({ code: 'custom', message: `${name} must be a duration like 500ms, 30s, 5m or 1h` });
      return z.NEVER;
    }
    if (ms < (parseDuration(min) ?? 0)) {
      ctx.addIssue({ code: 'custom', message: `${name} must be at least ${min}` });
      return z.NEVER;
    }
    return ms;
  });

export const integer = (name: string, min: number, max: number) =>
  z.string().transform((text, ctx) => {
    const value = Number(text);
    if (!/^\s*\d+\s*$/.test(text) || value < min || value > max) {
      ctx.addIssue({ code: 'custom', message: `${name} must be a whole number from ${min} to ${max}` });
      return z.NEVER;
    }
    return value;
  });

export const utcOffset = (name: string) =>
  z.string().regex(/^[+-](0\d|1[0-4]):[0-5]\d$/, `${name} must be a UTC offset like +08:00 or +00:00`);

export const timeZone = (name: string) =>
  z.string().refine((zone) => {
    try {
      new Intl.DateTimeFormat('en-US', { timeZone: zone });
      return true;
    } catch {
      return false;
    }
  }, `${name} must be an IANA time zone such as Asia/Shanghai or UTC`);

export const url = (name: string, protocols: string[]) =>
  z.string().refine((text) => {
    try {
      return protocols.includes(new URL(text).protocol);
    } catch {
      return false;
    }
  }, `${name} must be a URL starting with ${protocols.map((p) => `${p}//`).join(' or ')}`);


export const optional = <T extends z.ZodType>(schema: T) =>
  z.preprocess((value) => (value === '' ? undefined : value), schema.optional());

export const statusList = z
  .string()
  .transform((text) => text.split(',').map((s) => s.trim().toUpperCase()).filter(Boolean));

export const emailList = z
  .string()
  .transform((text) => text.split(',').map((s) => s.trim()).filter(Boolean));

export const boolean = z.enum(['true', 'false', '1', '0', 'yes', 'no']).transform((v) => ['true', '1', 'yes'].includes(v));

/** One node of REDIS_CLUSTER_NODES. */
export interface RedisNode {
  host: string;
  port: number;
}

/** A node as people write it: `host:port`, an IPv6 host in brackets. */
export const nodeName = (node: RedisNode): string => (node.host.includes(':') ? `[${node.host}]:${node.port}` : `${node.host}:${node.port}`);

const NODE = /^(\[[0-9A-Fa-f:.]+\]|[A-Za-z0-9_.-]+):(\d{1,5})$/;

/** `host:port,host:port,…` (an IPv6 host in brackets); each node must name its port: a cluster has no default one. */
export const redisNodes = (name: string) =>
  z.string().transform((text, ctx): RedisNode[] => {
    const entries = text.split(',').map((s) => s.trim()).filter(Boolean);
    const nodes = entries.map((entry) => NODE.exec(entry)).map((m) => (m && Number(m[2]) >= 1 && Number(m[2]) <= 65535 ? { host: m[1]!.replace(/^\[(.*)\]$/, '$1'), port: Number(m[2]) } : undefined));
    if (entries.length === 0 || nodes.some((n) => n === undefined)) {
      ctx.addIssue({ code: 'custom', message: `${name} must be a comma-separated list of cluster nodes like 10.0.0.1:7000,10.0.0.2:7000 (host:port each)` });
      return z.NEVER;
    }
    return nodes.filter((n) => n !== undefined);
  });
