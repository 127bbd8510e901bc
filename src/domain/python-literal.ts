import { MAX_JSON_DEPTH } from './bound-json';
import type { JsonValue } from './execution';

/**
 * Parses a Python literal as `str(dict)` prints it — `{'k': 'v', 'ok': True, 'x': None, 'n': [1, 2.5]}` —
 * into a JSON value. Returns undefined when the text is not such a literal.
 */
export function parsePythonLiteral(text: string): JsonValue | undefined {
  const parser = new LiteralParser(text);
  try {
    const value = parser.value();
    parser.skipSpace();
    return parser.atEnd() ? value : undefined;
  } catch {
    return undefined;
  }
}

class LiteralParser {
  private pos = 0;
  private depth = 0;
  constructor(private readonly text: string) {}

  atEnd(): boolean {
    return this.pos >= this.text.length;
  }

  skipSpace(): void {
    while (/\s/.test(this.text[this.pos] ?? '')) this.pos++;
  }

  value(): JsonValue {
    this.skipSpace();
    const ch = this.text[this.pos];
    if (ch === '{') return this.nested(() => this.dict());
    if (ch === '[') return this.nested(() => this.sequence('[', ']'));
    if (ch === '(') return this.nested(() => this.sequence('(', ')'));
    if (ch === "'" || ch === '"') return this.string();
    for (const [word, value] of [['True', true], ['False', false], ['None', null]] as const) {
      if (this.text.startsWith(word, this.pos)) {
        this.pos += word.length;
        return value;
      }
    }
    const number = /^-?\d+(\.\d+)?([eE][+-]?\d+)?/.exec(this.text.slice(this.pos));
    if (number) {
      this.pos += number[0].length;
      return Number(number[0]);
    }
    throw new Error(`unexpected character at ${this.pos}`);
  }

  private nested<T>(parse: () => T): T {
    if (++this.depth > MAX_JSON_DEPTH) throw new Error('nested too deep');
    const value = parse();
    this.depth--;
    return value;
  }

  private dict(): { [key: string]: JsonValue } {
    const out: { [key: string]: JsonValue } = {};
    this.expect('{');
    this.skipSpace();
    while (this.text[this.pos] !== '}') {
      const key = this.value();
      this.skipSpace();
      this.expect(':');
      // defineProperty, as JSON.parse does: a key '__proto__' is data, not the object's prototype.
      Object.defineProperty(out, typeof key === 'string' ? key : JSON.stringify(key), { value: this.value(), enumerable: true, writable: true, configurable: true });
      this.skipSpace();
      if (this.text[this.pos] === ',') {
        this.pos++;
        this.skipSpace();
      } else if (this.text[this.pos] !== '}') throw new Error('expected , or }');
    }
    this.pos++;
    return out;
  }

  private sequence(open: string, close: string): JsonValue[] {
    const out: JsonValue[] = [];
    this.expect(open);
    this.skipSpace();
    while (this.text[this.pos] !== close) {
      out.push(this.value());
      this.skipSpace();
      if (this.text[this.pos] === ',') {
        this.pos++;
        this.skipSpace();
      } else if (this.text[this.pos] !== close) throw new Error(`expected , or ${close}`);
    }
    this.pos++;
    return out;
  }

  private string(): string {
    const quote = this.text[this.pos++];
    let out = '';
    while (this.pos < this.text.length) {
      const ch = this.text[this.pos++]!;
      if (ch === quote) return out;
      if (ch !== '\\') {
        out += ch;
        continue;
      }
      const escaped = this.text[this.pos++];
      const simple: Record<string, string> = { n: '\n', t: '\t', r: '\r', '\\': '\\', "'": "'", '"': '"', '0': '\0' };
      if (escaped !== undefined && escaped in simple) out += simple[escaped];
      else if (escaped === 'x' || escaped === 'u') {
        const width = escaped === 'x' ? 2 : 4;
        const hex = this.text.slice(this.pos, this.pos + width);
        if (!/^[0-9a-fA-F]+$/.test(hex) || hex.length !== width) throw new Error('bad escape');
        out += String.fromCharCode(parseInt(hex, 16));
        this.pos += width;
      } else out += `\\${escaped ?? ''}`;
    }
    throw new Error('unterminated string');
  }

  private expect(ch: string): void {
    if (this.text[this.pos] !== ch) throw new Error(`expected ${ch}`);
    this.pos++;
  }
}
