import type { LineCounter, Node } from 'yaml';
import { problemAt } from './format-path';

export type ReadYamlResult = { ok: true; value: unknown; problems: string[] } | { ok: false; problems: string[] };

/**
 * YAML text -> plain data. A syntax error stops here (`line 3, column 5: …`); keys given twice are problems too but
 * reading goes on, so the rest of the file is still checked. `<<: *anchor` merge keys work, to share options.
 * Whole numbers come back as bigint, so a 19-digit workflow id keeps every digit.
 */
export function readYaml(text: string): ReadYamlResult {
  const { LineCounter, parseDocument } = loadYaml();
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, prettyErrors: false, uniqueKeys: false, intAsBigInt: true, merge: true });
  if (doc.errors.length > 0) {
    return {
      ok: false,
      problems: doc.errors.map((error) => {
        const { line, col } = lineCounter.linePos(error.pos[0]);
        return `line ${line}, column ${col}: ${error.message.split('\n')[0]}`;
      }),
    };
  }
  const problems: string[] = [];
  if (doc.contents) findDuplicateKeys(doc.contents, [], lineCounter, problems);
  try {
    // The alias bound stops a "billion laughs" file from expanding without end.
    return { ok: true, value: doc.toJS({ maxAliasCount: 100 }), problems };
  } catch (error) {
    return { ok: false, problems: [...problems, `the file cannot be read: ${(error as Error).message}`] };
  }
}

/** yaml is required on first use: a bot configured by environment alone never reads a file and never pays its RSS. */
function loadYaml(): typeof import('yaml') {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return require('yaml') as typeof import('yaml');
}

function findDuplicateKeys(node: Node, path: PropertyKey[], lines: LineCounter, problems: string[]): void {
  const { isMap, isScalar, isSeq } = loadYaml();
  if (isSeq(node)) {
    node.items.forEach((item, index) => {
      if (item && typeof item === 'object') findDuplicateKeys(item as Node, [...path, index], lines, problems);
    });
    return;
  }
  if (!isMap(node)) return;
  const firstLine = new Map<string, number>();
  for (const pair of node.items) {
    const key = isScalar(pair.key) ? String(pair.key.value) : undefined;
    if (key === undefined) continue;
    const line = pair.key && isScalar(pair.key) && pair.key.range ? lines.linePos(pair.key.range[0]).line : 0;
    const first = firstLine.get(key);
    if (first === undefined) firstLine.set(key, line);
    else problems.push(problemAt([...path, key], `${describeKey(path)} "${key}" is given twice (${first === line ? `line ${line}` : `lines ${first} and ${line}`}); keep one`));
    if (pair.value && typeof pair.value === 'object') findDuplicateKeys(pair.value as Node, [...path, key], lines, problems);
  }
}

function describeKey(path: readonly PropertyKey[]): string {
  if (path.length === 1 && path[0] === 'channels') return 'channel';
  if (path.length === 1 && path[0] === 'workflows') return 'workflow';
  return 'key';
}
