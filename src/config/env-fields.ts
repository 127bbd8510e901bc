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
