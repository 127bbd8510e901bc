import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseConfigFile } from '../../src/config/config-file';
import { channelKinds } from '../../src/notify/channel-registry';
import { routingOf } from '../../src/routing/live-routing';

/** Every registered type, as the problem lines list them (types join the registry in parallel branches). */
const KNOWN_TYPES = channelKinds.map((kind) => kind.name).join(', ');

const known = { channelTypes: channelKinds };
const env = { SLACK_BOT_TOKEN: 'xoxb-env-token', SMTP_URL: 'smtp://mail.example.com:25', EMAIL_FROM: 'bot@example.com' };

function problemsOf(text: string, withEnv: Record<string, string | undefined> = env): string[] {
  const result = parseConfigFile(text, withEnv, known);
  if (result.ok) throw new Error(`expected problems, the file parsed: ${JSON.stringify(result.file)}`);
  return result.problems;
}

function parsed(text: string, withEnv: Record<string, string | undefined> = env) {
  const result = parseConfigFile(text, withEnv, known);
  if (!result.ok) throw new Error(result.problems.join('\n'));
  return result;
}

const slack = 'ops-slack: { type: slack, channel: C0123 }';

describe('parseConfigFile: every problem on its own line, with its path', () => {
  it.each([
    ['a YAML syntax error, with line and column', 'routes:\n  - to: [default\n', /^line \d+, column \d+: /],
    ['a route to a channel that does not exist', `channels:\n  ${slack}\nroutes:\n  - to: [default]\n  - to: [ops-slack]\n  - to: [ops-slack, ops]\n`, 'routes[2].to[1]: no channel named "ops" (channels: ops-slack, default)'],
    ['an email channel without recipients', 'channels:\n  finance: { type: email, to: [] }\n', 'channels.finance.to: an email channel needs at least one recipient'],
    ['an email channel with no to: at all', 'channels:\n  finance: { type: email }\n', 'channels.finance.to: an email channel needs at least one recipient'],
    ['an unknown channel type', 'channels:\n  x: { type: teams, url: "https://example.com" }\n', `channels.x.type: unknown type "teams" (known: ${KNOWN_TYPES})`],
    ['a channel without a type', 'channels:\n  x: { channel: C1 }\n', `channels.x.type: required (known: ${KNOWN_TYPES})`],
    ['an unknown match key', 'routes:\n  - match: { colour: red }\n    to: [default]\n', 'routes[0].match.colour: unknown match key (known: workflows, statuses, accounts)'],
    ['an unknown option of a type', 'channels:\n  s: { type: slack, chanel: C1, channel: C1 }\n', 'channels.s.chanel: unknown option for a slack channel (known: channel, token, mention, api_url, threads, type, statuses, language)'],
    ['an unknown section', 'chanels: {}\n', 'chanels: unknown section (known: workflows, channels, routes, accounts, maintenance)'],
    ['a channel defined twice', `channels:\n  ${slack}\n  ${slack}\n`, 'channels.ops-slack: channel "ops-slack" is given twice (lines 2 and 3); keep one'],
    ['a key given twice on one line', 'channels:\n  x: { type: slack, type: slack, channel: C1 }\n', 'channels.x.type: key "type" is given twice (line 2); keep one'],
    ['a workflow listed twice', 'workflows:\n  "1": a\n  "1": b\n', 'workflows.1: workflow "1" is given twice (lines 2 and 3); keep one'],
    ['a channel named default', 'channels:\n  default: { type: slack, channel: C1 }\n', 'channels.default: "default" is reserved for the channels configured by the environment; pick another name'],
    ['a channel name with a space', 'channels:\n  "ops slack": { type: slack, channel: C1 }\n', 'channels["ops slack"]: a channel name may hold only letters, digits, "_", "." and "-", starting with a letter or digit'],
    ['a missing variable', `channels:\n  s: { type: slack, channel: C1, token: "\${OPS_TOKEN}" }\n`, 'channels.s.token: environment variable OPS_TOKEN is not set'],
    ['a malformed ${', 'workflows:\n  "1": "${not a name}"\n', 'workflows.1: write ${NAME} with a variable name of letters, digits and "_" (or $${ for a literal ${)'],
    ['a route without to', 'routes:\n  - match: { statuses: [FAILED] }\n', 'routes[0].to: required: the channels to send to, or [] for nothing'],
    ['an empty match list', 'routes:\n  - match: { workflows: [] }\n    to: [default]\n', 'routes[0].match.workflows: an empty list matches nothing; leave the key out to match any'],
    ['continue that is not a boolean', 'routes:\n  - to: [default]\n    continue: maybe\n', 'routes[0].continue: expected true or false'],
    ['routes that are not a list', 'routes: { to: [default] }\n', 'routes: expected a list (each item starting with "- "), got a mapping'],
    ['a workflow keyed by its name', 'workflows:\n  订单同步: "2008381617971200000"\n', 'workflows.订单同步: a workflow id is a number like 2008381617971200000 (the name goes after the colon)'],
    ['a bad stuck_after', 'workflows:\n  "1": { name: a, stuck_after: soon }\n', 'workflows.1.stuck_after: "soon" is not a duration of at least 60s, like 45m or 2h, nor off'],
    ['threads that is not a boolean', 'channels:\n  s: { type: slack, channel: C1, threads: maybe }\n', 'channels.s.threads: expected true or false'],
    ['a bad language', 'channels:\n  s: { type: slack, channel: C1, language: fr }\n', 'channels.s.language: must be en or zh-CN'],
    ['a bad email mode', 'channels:\n  f: { type: email, to: a@example.com, mode: weekly }\n', 'channels.f.mode: must be immediate, digest or both'],
    ['a bad recipient', 'channels:\n  f: { type: email, to: [not-an-address] }\n', 'channels.f.to[0]: must be an email address like a@example.com'],
    ['digest interval and cron both', 'channels:\n  f: { type: email, to: a@example.com, digest: { interval: 1h, cron: "0 * * * *" } }\n', 'channels.f.digest: give interval or cron, not both'],
    ['a bad smtp_url', 'channels:\n  f: { type: email, to: a@example.com, smtp_url: "http://x" }\n', 'channels.f.smtp_url: must be a URL starting with smtp:// or smtps://'],
    ['an smtp_url with a raw % in its password', 'channels:\n  f: { type: email, to: a@example.com, smtp_url: "smtp://u:pa%ss@h:25" }\n', 'channels.f.smtp_url: needs a host, and its user and password percent-encoded: write % as %25, @ as %40, : as %3A, / as %2F'],
    ['a channel named like the environment\'s', 'channels:\n  email: { type: email, to: a@example.com }\n', 'channels.email: "email" is the name of the environment\'s email channel (part of default); pick another name, e.g. email-ops'],
    ['an account without a key', 'accounts:\n  - { name: ops }\n', 'accounts[0].api_key: required'],
    ['an account listed twice', 'accounts:\n  - { name: ops, api_key: k1 }\n  - { name: ops, api_key: k2 }\n', 'accounts[1].name: account "ops" is listed twice'],
    ['two accounts with one key', 'accounts:\n  - { name: fin, api_key: key-one }\n  - { name: ops, api_key: key-one }\n', 'accounts[1].api_key: the same key as account "fin" (one key watches one account)'],
    ['an account name with a space', 'accounts:\n  - { name: "fin ops", api_key: k1 }\n', 'accounts[0].name: an account name holds only letters, digits, "-" and "_" (at most 64)'],
    ['an account name with a colon', 'accounts:\n  - { name: "fin:1", api_key: k1 }\n', 'accounts[0].name: an account name holds only letters, digits, "-" and "_" (at most 64)'],
    ['an empty accounts list', 'accounts: []\n', 'accounts: an empty list watches nothing; leave accounts: out to watch the account of IFLYRPA_API_KEY'],
    ['a route to an unknown account', 'accounts:\n  - { name: ops, api_key: k1 }\nroutes:\n  - { match: { accounts: [fin] }, to: [] }\n', 'routes[0].match.accounts[0]: no account named "fin"'],
    ['a file that is not a mapping', '- to: [default]\n', 'expected a mapping (key: value), got a list'],
  ])('%s', (_name, text, expected) => {
    const problems = problemsOf(text);
    if (typeof expected === 'string') expect(problems).toContain(expected);
    else expect(problems.some((p) => expected.test(p))).toBe(true);
    expect(problems.every((p) => !p.includes('\n'))).toBe(true);
  });

  it('needs a token and an SMTP server, from the file or from the environment', () => {
    const text = `channels:\n  ${slack}\n  f: { type: email, to: a@example.com }\n`;
    expect(problemsOf(text, {})).toEqual([
      'channels.ops-slack.token: a slack channel needs token: or SLACK_BOT_TOKEN in the environment',
      'channels.f.smtp_url: an email channel needs smtp_url: or SMTP_URL in the environment',
      'channels.f.from: an email channel needs from: or EMAIL_FROM in the environment',
    ]);
    const own = `channels:\n  ${slack.replace(' }', ', token: xoxb-own }')}\n  f: { type: email, to: a@example.com, smtp_url: "smtp://h:25", from: b@example.com }\n`;
    expect(parsed(own, {}).file.channels['ops-slack']?.options).toEqual({ channel: 'C0123', token: 'xoxb-own' });
  });

  it('lists every problem of a file at once', () => {
    const problems = problemsOf(
      ['channels:', '  x: { type: teams }', '  finance: { type: email, to: [] }', 'routes:', '  - match: { colour: red }', '    to: [default]', '  - to: [ops]', ''].join('\n'),
    );
    expect(problems).toEqual([
      `channels.x.type: unknown type "teams" (known: ${KNOWN_TYPES})`,
      'channels.finance.to: an email channel needs at least one recipient',
      'routes[0].match.colour: unknown match key (known: workflows, statuses, accounts)',
      'routes[1].to[0]: no channel named "ops" (channels: x, finance, default)',
    ]);
  });

  it('never prints the value of a variable, even in a bad place', () => {
    const problems = problemsOf('channels:\n  f: { type: email, to: a@example.com, digest: "${SECRET}" }\n', { ...env, SECRET: 'hunter2-secret' });
    expect(problems).toEqual(['channels.f.digest: expected a mapping (key: value), got "[redacted]"']);
  });
});

describe('parseConfigFile: a good file', () => {
  it('reads stuck_after: off as null (never STUCK for that workflow), and routing keeps it apart from "not set"', () => {
    const { file } = parsed('workflows:\n  "1": { name: a, stuck_after: off }\n  "2": { name: b, stuck_after: 45m }\n  "3": c\n');
    expect(file.workflows['1']).toEqual({ name: 'a', stuckAfterMs: null });
    expect(routingOf(file).stuckAfterMs).toEqual({ '1': null, '2': 45 * 60_000 });
  });

  const exampleEnv = { ...env, FINANCE_SMTP_URL: 'smtps://finance:smtp-pass-123@mail.example.com:465' };

  it('reads the example shipped at the repository root', () => {
    const text = readFileSync(join(__dirname, '../../rpa-notify.example.yml'), 'utf8');
    const { file, warnings, secrets } = parsed(text, exampleEnv);
    expect(warnings).toEqual([]);
    expect(file.workflows).toEqual({
      '2008381617971200000': { name: '订单同步' },
      '2008381617971200417': { name: '发票下载', stuckAfterMs: 45 * 60_000 },
      '2008381617971200533': { name: '订单对账', stuckAfterMs: null },
    });
    expect(file.maintenance).toEqual([
      { workflows: ['订单同步', '发票*'], cron: '0 2 * * *', forMs: 3_600_000, forText: '1h', reason: 'nightly ERP backup' },
      { workflows: ['all'], cron: '0 6 * * 0', forMs: 7_200_000, forText: '2h', statuses: ['FAILED', 'STUCK'] },
    ]);
    expect(file.channels['ops-slack']).toEqual({
      name: 'ops-slack',
      type: 'slack',
      statuses: ['FAILED', 'STUCK'],
      language: 'en',
      options: { channel: 'C0123ABCD', mention: '<!subteam^S0123>' },
    });
    expect(file.channels.finance).toEqual({
      name: 'finance',
      type: 'email',
      statuses: ['FAILED', 'COMPLETED', 'STUCK'],
      language: 'zh-CN',
      options: {
        to: ['a@example.com', 'b@example.com'],
        mode: 'digest',
        smtpUrl: 'smtps://finance:smtp-pass-123@mail.example.com:465',
        from: 'rpa-bot@example.com',
        digest: { cron: '0 9 * * 1-5', timeZone: 'Asia/Shanghai' },
      },
    });
    expect(file.routes).toEqual([
      { match: { workflows: ['2008381617971200417'], statuses: ['FAILED', 'STUCK'] }, to: ['finance', 'ops-slack'], continue: false },
      { match: { workflows: ['订单*'] }, to: ['ops-slack'], continue: true },
      { match: { statuses: ['COMPLETED'], workflows: ['订单对账'] }, to: [], continue: false },
      { to: ['default'], continue: false },
    ]);
    expect(file.accounts).toBeUndefined();
    expect(secrets).toEqual(expect.arrayContaining(['smtps://finance:smtp-pass-123@mail.example.com:465', 'smtp-pass-123']));
  });

  it('names every variable the example needs', () => {
    const text = readFileSync(join(__dirname, '../../rpa-notify.example.yml'), 'utf8');
    expect(problemsOf(text, env)).toEqual(['channels.finance.smtp_url: environment variable FINANCE_SMTP_URL is not set']);
  });

  it('expands ${VAR} in every text value, inside longer text too, and collects what came in as secrets', () => {
    const text = [
      'accounts:',
      '  - { name: ops, api_key: "${OPS_KEY}", base_url: "https://${API_HOST}/" }',
      'channels:',
      '  s: { type: slack, channel: "${CHANNEL}", token: "${TOKEN}" }',
      '  f: { type: email, to: "${TO}", smtp_url: "smtp://u:literal-pass@h:25" }',
      'workflows:',
      '  "1": "price $${NOT_A_VAR} ${NAME}"',
      '',
    ].join('\n');
    const result = parsed(text, { OPS_KEY: 'ops-key-1', API_HOST: 'api.example.com', CHANNEL: 'C9', TOKEN: 'xoxb-file', TO: 'a@example.com, b@example.com', NAME: '对账', EMAIL_FROM: 'x@example.com' });
    expect(result.file.accounts).toEqual([{ name: 'ops', apiKey: 'ops-key-1', baseUrl: 'https://api.example.com' }]);
    expect(result.file.channels.s?.options).toEqual({ channel: 'C9', token: 'xoxb-file' });
    expect(result.file.channels.f?.options).toMatchObject({ to: ['a@example.com', 'b@example.com'] });
    expect(result.file.workflows['1']?.name).toBe('price ${NOT_A_VAR} 对账');
    expect(result.secrets.sort()).toEqual(['C9', 'a@example.com, b@example.com', 'api.example.com', 'literal-pass', 'ops-key-1', 'xoxb-file', '对账'].sort());
  });

  it('lists every missing variable with its path', () => {
    expect(problemsOf('channels:\n  s: { type: slack, channel: "${A}", token: "${B}-${C}" }\n', { C: 'set', SLACK_BOT_TOKEN: '' })).toEqual([
      'channels.s.channel: environment variable A is not set',
      'channels.s.token: environment variable B is not set',
    ]);
  });

  it('keeps every digit of an unquoted 19-digit workflow id', () => {
    const { file } = parsed('workflows:\n  2008381617971200417: 发票下载\nroutes:\n  - match: { workflows: [2008381617971200417] }\n    to: []\n');
    expect(Object.keys(file.workflows)).toEqual(['2008381617971200417']);
    expect(file.routes[0]?.match?.workflows).toEqual(['2008381617971200417']);
  });

  it('shares options through x- anchors and merge keys', () => {
    const text = 'x-slack: &slack { type: slack, mention: "<!here>" }\nchannels:\n  a: { <<: *slack, channel: C1 }\n  b: { <<: *slack, channel: C2, mention: "<!channel>" }\n';
    const { file } = parsed(text);
    expect(file.channels.a?.options).toEqual({ channel: 'C1', mention: '<!here>' });
    expect(file.channels.b?.options).toEqual({ channel: 'C2', mention: '<!channel>' });
  });

  it('reads each type\'s own options and counts their secrets, literal or not', () => {
    const text = [
      'channels:',
      '  s: { type: slack, channel: C1, token: xoxb-literal-token, api_url: "http://127.0.0.1:9/api" }',
      '  f: { type: email, to: a@example.com, mode: both, digest: { interval: 30m, timezone: UTC } }',
      '',
    ].join('\n');
    const result = parsed(text);
    expect(result.file.channels.s?.options).toEqual({ channel: 'C1', token: 'xoxb-literal-token', apiUrl: 'http://127.0.0.1:9/api' });
    expect(result.file.channels.f?.options).toEqual({ to: ['a@example.com'], mode: 'both', digest: { intervalMs: 30 * 60_000, timeZone: 'UTC' } });
    expect(result.secrets).toEqual(['xoxb-literal-token']);
  });

  it('reads an empty file as no file at all', () => {
    expect(parsed('').file).toEqual({ workflows: {}, channels: {}, routes: [] });
    expect(parsed('# nothing yet\n').file).toEqual({ workflows: {}, channels: {}, routes: [] });
  });

  it('takes default statuses from NOTIFY_STATUSES plus STUCK, upper-cases statuses, and defaults the language per type', () => {
    const { file } = parsed('channels:\n  s: { type: slack, channel: C1 }\n  t: { type: slack, channel: C2, statuses: [failed, cancelled] }\n', { ...env, NOTIFY_STATUSES: 'failed' });
    expect(file.channels.s).toMatchObject({ statuses: ['FAILED', 'STUCK'], language: 'en' });
    expect(file.channels.t).toMatchObject({ statuses: ['FAILED', 'CANCELLED'] });
  });

  it('warns, without refusing the file, about workflow patterns that match no named workflow and shared names', () => {
    const text = [
      'workflows: { "1": 订单同步, "2": 订单同步 }',
      'routes:',
      '  - { match: { workflows: ["发票*", "订单*", "123", 对账] }, to: [] }',
      '  - { match: { accounts: [ops] }, to: [] }',
      '',
    ].join('\n');
    expect(parsed(text).warnings).toEqual([
      'workflows.2: name "订单同步" is also used by 1',
      'routes[0].match.workflows[0]: "发票*" matches no workflow listed under workflows: (yet)',
      'routes[0].match.workflows[3]: "对账" matches no workflow listed under workflows: (yet)',
      'routes[1].match.accounts[0]: no accounts: are listed, so account "ops" never matches',
    ]);
  });
});
