import { accountSchema, workflowIdSchema, workflowSchema, type AccountConfig, type WorkflowConfig } from './config-file-schema';
import { describeValue } from './file-fields';
import { problemAt } from './format-path';
import { issueLines } from './issue-lines';

/** The entries of a mapping section; anything else is one problem and no entries. */
export function entriesOf(value: unknown, section: string, shape: string, problems: string[]): [string, unknown][] {
  if (value === undefined || value === null) return [];
  if (!isRecord(value)) {
    problems.push(problemAt([section], `expected a mapping of ${shape}, got ${describeValue(value)}`));
    return [];
  }
  return Object.entries(value);
}

/** The items of a list section; anything else is one problem and no items. */
export function itemsOf(value: unknown, section: string, problems: string[]): [number, unknown][] {
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value)) {
    problems.push(problemAt([section], `expected a list (each item starting with "- "), got ${describeValue(value)}`));
    return [];
  }
  return value.map((item, index) => [index, item]);
}

export const isRecord = (value: unknown): value is Record<string, unknown> => value !== null && typeof value === 'object' && !Array.isArray(value);

/** `workflows:` -> id -> name and settings; the valid entries, problems for the rest. */
export function readWorkflows(value: unknown, problems: string[]): Record<string, WorkflowConfig> {
  const workflows: Record<string, WorkflowConfig> = {};
  for (const [id, entry] of entriesOf(value, 'workflows', 'workflow id: name', problems)) {
    const idOk = workflowIdSchema.safeParse(id);
    if (!idOk.success) problems.push(...issueLines(idOk.error.issues, ['workflows', id]));
    const workflow = workflowSchema.safeParse(entry);
    if (!workflow.success) problems.push(...issueLines(workflow.error.issues, ['workflows', id]));
    else if (idOk.success) workflows[id] = workflow.data;
  }
  return workflows;
}

/** `accounts:` -> the valid accounts (undefined when the section is absent) and whether every entry was valid. */
export function readAccounts(value: unknown, problems: string[]): { accounts?: AccountConfig[]; complete: boolean } {
  if (value === undefined || value === null) return { complete: true };
  if (Array.isArray(value) && value.length === 0) {
    problems.push(problemAt(['accounts'], 'an empty list watches nothing; leave accounts: out to watch the account of IFLYRPA_API_KEY'));
    return { complete: false };
  }
  const accounts: AccountConfig[] = [];
  const before = problems.length;
  for (const [index, entry] of itemsOf(value, 'accounts', problems)) {
    const account = accountSchema.safeParse(entry);
    if (!account.success) problems.push(...issueLines(account.error.issues, ['accounts', index]));
    else if (accounts.some((a) => a.name === account.data.name)) problems.push(problemAt(['accounts', index, 'name'], `account "${account.data.name}" is listed twice`));
    // The key itself is never quoted: the other account's name says enough.
    else if (accounts.some((a) => a.apiKey === account.data.apiKey)) problems.push(problemAt(['accounts', index, 'api_key'], `the same key as account "${accounts.find((a) => a.apiKey === account.data.apiKey)?.name ?? ''}" (one key watches one account)`));
    else accounts.push(account.data);
  }
  return { accounts, complete: problems.length === before };
}

// Two ids under one name still work by id, but a name in a route or on the command line then means both.
export function sharedNameWarnings(workflows: Record<string, WorkflowConfig>): string[] {
  const byName = new Map<string, string[]>();
  for (const [id, w] of Object.entries(workflows)) byName.set(w.name, [...(byName.get(w.name) ?? []), id]);
  return [...byName].filter(([, ids]) => ids.length > 1).map(([name, ids]) => problemAt(['workflows', ids[1] ?? ''], `name "${name}" is also used by ${ids[0]}`));
}
