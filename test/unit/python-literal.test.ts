import { parsePythonLiteral } from '../../src/domain/python-literal';

describe('parsePythonLiteral', () => {
  it.each([
    ["{'inputer': '查一下'}", { inputer: '查一下' }],
    ["{'k': 'v', 'ok': True, 'x': None, 'no': False}", { k: 'v', ok: true, x: null, no: false }],
    ["{'n': [1, 2.5, -3], 't': (1, 'a'), 'e': 1e3}", { n: [1, 2.5, -3], t: [1, 'a'], e: 1000 }],
    ["{'nested': {'a': {'b': []}}}", { nested: { a: { b: [] } } }],
    ['{"json": "works too"}', { json: 'works too' }],
    ["{'quote': 'it\\'s', 'nl': 'a\\nb'}", { quote: "it's", nl: 'a\nb' }],
    ["{'trailing': 1,}", { trailing: 1 }],
    ['{}', {}],
  ])('parses %s', (text, expected) => {
    expect(parsePythonLiteral(text)).toEqual(expected);
  });

  it('a key named __proto__ stays an ordinary key', () => {
    const parsed = parsePythonLiteral("{'__proto__': {'x': 1}, 'y': 2}");
    expect(JSON.stringify(parsed)).toBe('{"__proto__":{"x":1},"y":2}');
  });

  it.each([["{'a': 1"], ["{'a' 1}"], ['{a: 1}'], ["{'a': datetime(2026, 1, 1)}"], ["{'a': 1} extra"], ["'unterminated"], ['['.repeat(100) + ']'.repeat(100)]])(
    'returns undefined for %p',
    (text) => {
      expect(parsePythonLiteral(text)).toBeUndefined();
    },
  );
});
