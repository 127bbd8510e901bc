import { boundJson, MAX_JSON_CHARS, MAX_JSON_DEPTH, TOO_DEEP } from '../../src/domain/bound-json';

/** An array nested `depth` levels deep around `inner`, built without recursion. */
function nest(depth: number, inner: unknown = 1): unknown {
  let value = inner;
  for (let i = 0; i < depth; i++) value = [value];
  return value;
}

const depthOf = (value: unknown): number => {
  let depth = 0;
  let level: unknown[] = [value];
  while (level.length) {
    const next = level.flatMap((v) => (v !== null && typeof v === 'object' ? Object.values(v as object) : []));
    if (level.some((v) => v !== null && typeof v === 'object')) depth++;
    level = next;
  }
  return depth;
};

describe('boundJson: a value the bot cannot hold is cut into a visible marker, the rest stays', () => {
  it.each<[string, unknown, unknown, string | null]>([
    ['a plain object stays as it is', { a: [1, 'x', null, true] }, { a: [1, 'x', null, true] }, null],
    ['exactly the depth limit stays', nest(MAX_JSON_DEPTH), nest(MAX_JSON_DEPTH), null],
    ['one level too deep is cut there', nest(MAX_JSON_DEPTH + 1), nest(MAX_JSON_DEPTH, TOO_DEEP), `nested deeper than ${MAX_JSON_DEPTH} levels`],
    ['5000 levels are cut at the limit', nest(5000), nest(MAX_JSON_DEPTH, TOO_DEEP), `nested deeper than ${MAX_JSON_DEPTH} levels`],
    ['a deep branch is cut, its siblings stay', { ok: 1, deep: nest(200) }, { ok: 1, deep: nest(MAX_JSON_DEPTH - 1, TOO_DEEP) }, `nested deeper than ${MAX_JSON_DEPTH} levels`],
    ['a number JSON cannot hold becomes null', { n: Infinity }, { n: null }, null],
    ['a value that is not JSON becomes a marker', { f: () => 1, b: BigInt(1) }, { f: '… (not serialisable, cut)', b: '… (not serialisable, cut)' }, 'not serialisable'],
    ['a scalar stays', 'text', 'text', null],
    ['undefined at the top becomes null', undefined, null, null],
  ])('%s', (_name, input, expected, reason) => {
    const bounded = boundJson(input);
    expect(bounded.value).toEqual(expected);
    expect(bounded.cut).toBe(reason);
    expect(() => JSON.stringify(bounded.value)).not.toThrow();
  });

  it('an oversized string keeps its head and says how much was cut', () => {
    const bounded = boundJson('x'.repeat(MAX_JSON_CHARS + 10));
    expect(bounded.value).toBe(`${'x'.repeat(MAX_JSON_CHARS)}… (too large, 10 more characters cut)`);
    expect(bounded.cut).toBe(`larger than ${MAX_JSON_CHARS} characters`);
  });

  it('an oversized structure is replaced whole by a marker', () => {
    const bounded = boundJson({ rows: Array.from({ length: 1000 }, () => 'y'.repeat(MAX_JSON_CHARS / 500)) });
    expect(bounded.value).toBe(`… (larger than ${MAX_JSON_CHARS} characters, cut)`);
    expect(bounded.cut).toBe(`larger than ${MAX_JSON_CHARS} characters`);
  });

  it('a cycle (never from JSON, but defensively) ends at the depth limit', () => {
    const cyclic: Record<string, unknown> = { a: 1 };
    cyclic.self = cyclic;
    cyclic.again = cyclic;
    const bounded = boundJson(cyclic);
    expect(bounded.cut).not.toBeNull();
    expect(() => JSON.stringify(bounded.value)).not.toThrow();
  });

  it('a key named __proto__ stays an ordinary key', () => {
    const bounded = boundJson(JSON.parse('{"__proto__": {"x": 1}, "y": 2}'));
    expect(Object.keys(bounded.value as object)).toEqual(['__proto__', 'y']);
    expect(JSON.stringify(bounded.value)).toBe('{"__proto__":{"x":1},"y":2}');
  });

  it('the result is never deeper than the limit', () => {
    expect(depthOf(boundJson(nest(10_000)).value)).toBe(MAX_JSON_DEPTH);
  });
});

it('boundJson never splits an emoji when it cuts an oversized string', () => {
  const text = `${'a'.repeat(MAX_JSON_CHARS - 1)}😀tail`;
  const bounded = boundJson(text).value as string;
  expect(bounded.startsWith(`${'a'.repeat(MAX_JSON_CHARS - 1)}…`)).toBe(true);
  expect(bounded).toContain('6 more characters cut');
});
