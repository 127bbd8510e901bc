import { formatPath, problemAt } from './format-path';

export interface ExpandEnvResult {
  value: unknown;
  problems: string[];
  /** Every value that came in through `${VAR}`: the file is committed without them, so they may be secret. */
  secrets: string[];
  /** Paths of the values left unexpanded: what else is said about them would only be noise. */
  unresolved: string[];
}

// `$${` is a literal `${`; `${NAME}` a variable; any other `${` is a mistake worth saying.
const REFERENCE = /\$\$\{|\$\{([A-Za-z_][A-Za-z0-9_]*)\}|\$\{/g;

/**
 * Replaces `${VAR}` in every text value (keys are names, left alone) by the environment's value. Whole numbers,
 * read as bigint to keep every digit, become text: the file has no numeric settings, and ids are text.
 */
export function expandEnv(value: unknown, env: Readonly<Record<string, string | undefined>>): ExpandEnvResult {
  const problems: string[] = [];
  const secrets = new Set<string>();
  const unresolved = new Set<string>();
  const walk = (node: unknown, path: PropertyKey[]): unknown => {
    if (typeof node === 'bigint') return node.toString();
    if (typeof node === 'string') return expandText(node, path);
    if (Array.isArray(node)) return node.map((item, index) => walk(item, [...path, index]));
    if (node !== null && typeof node === 'object' && Object.getPrototypeOf(node) === Object.prototype) {
      const out: Record<string, unknown> = {};
      for (const [key, item] of Object.entries(node)) {
        // defineProperty: a key named __proto__ stays a key instead of replacing the prototype.
        Object.defineProperty(out, key, { value: walk(item, [...path, key]), enumerable: true, writable: true, configurable: true });
      }
      return out;
    }
    return node;
  };
  const expandText = (text: string, path: PropertyKey[]): string =>
    text.replace(REFERENCE, (whole, name: string | undefined) => {
      if (whole === '$${') return '${';
      if (name === undefined) {
        problems.push(problemAt(path, 'write ${NAME} with a variable name of letters, digits and "_" (or $${ for a literal ${)'));
        unresolved.add(formatPath(path));
        return whole;
      }
      const found = env[name];
      // An empty variable means "not set", the way docker-compose and .env files write it.
      if (found === undefined || found === '') {
        problems.push(problemAt(path, `environment variable ${name} is not set`));
        unresolved.add(formatPath(path));
        return whole;
      }
      secrets.add(found);
      return found;
    });
  return { value: walk(value, []), problems, secrets: [...secrets], unresolved: [...unresolved] };
}
