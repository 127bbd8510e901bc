// tsc does not copy non-TypeScript files: the Lua scripts must sit beside their compiled loader.
const fs = require('node:fs');
const path = require('node:path');

const from = path.join(__dirname, '..', 'src', 'state', 'lua');
const to = path.join(__dirname, '..', 'dist', 'state', 'lua');
fs.mkdirSync(to, { recursive: true });
for (const name of fs.readdirSync(from)) {
  if (name.endsWith('.lua')) fs.copyFileSync(path.join(from, name), path.join(to, name));
}
