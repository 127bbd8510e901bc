/** `routes[2].to[0]`, `channels.ops-slack.token`, `channels["ops slack"]`: the path of a value in the config file. */
export function formatPath(path: readonly PropertyKey[]): string {
  let out = '';
  for (const key of path) {
    if (typeof key === 'number') out += `[${key}]`;
    else if (/^[\p{L}\p{N}_-]+$/u.test(String(key))) out += out ? `.${String(key)}` : String(key);
    else out += `[${JSON.stringify(String(key))}]`;
  }
  return out;
}

/** One problem line: its path, then what is wrong. */
export const problemAt = (path: readonly PropertyKey[], message: string): string => (path.length ? `${formatPath(path)}: ${message}` : message);
