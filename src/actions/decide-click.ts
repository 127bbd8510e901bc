import type { JsonValue } from '../domain/execution';
import { parsePythonLiteral } from '../domain/python-literal';
import type { ActionKind } from './action-payload';

export type Refusal = 'unknown' | 'notOurs' | 'notAllowed';

/**
 * Whether a verified click may act, before anything is claimed: a button the bot knows, on an alert it sent,
 * by someone SLACK_ACTIONS_ALLOWED lets re-run and mute (anyone may ack).
 */
export function decideClick(click: { kind: ActionKind | null; userId: string }, facts: { alertKnown: boolean; allowed: readonly string[] }): { act: true } | { act: false; refusal: Refusal } {
  if (click.kind === null) return { act: false, refusal: 'unknown' };
  if (!facts.alertKnown) return { act: false, refusal: 'notOurs' };
  if (click.kind !== 'ack' && !facts.allowed.includes('*') && !facts.allowed.includes(click.userId)) return { act: false, refusal: 'notAllowed' };
  return { act: true };
}

/**
 * The failed run's `parameters` as `params` for the new one: an object as it is, a Python-dict string
 * (as the API may serve them) parsed back, nothing for none. Anything else cannot be handed over faithfully.
 */
export function rerunParameters(parameters: JsonValue): { ok: true; params?: { [key: string]: JsonValue } } | { ok: false } {
  if (parameters === null) return { ok: true };
  if (typeof parameters === 'string') {
    if (parameters.trim() === '') return { ok: true };
    const parsed = parsePythonLiteral(parameters.trim()) ?? parseJson(parameters);
    return parsed === undefined || typeof parsed === 'string' ? { ok: false } : rerunParameters(parsed);
  }
  if (typeof parameters !== 'object' || Array.isArray(parameters)) return { ok: false };
  return Object.keys(parameters).length === 0 ? { ok: true } : { ok: true, params: parameters };
}

function parseJson(text: string): JsonValue | undefined {
  try {
    return JSON.parse(text) as JsonValue;
  } catch {
    return undefined;
  }
}
