// Lets `node -r ./bench/register.js bench/run.ts` load TypeScript (src, test helpers, bench) without a
// build step: each .ts file is compiled by @swc/core on require, as jest does (see jest.config.js).
const { readFileSync } = require('node:fs');
const swc = require('@swc/core');

require.extensions['.ts'] = (module, filename) => {
  const { code } = swc.transformSync(readFileSync(filename, 'utf8'), {
    filename,
    jsc: { parser: { syntax: 'typescript' }, target: 'es2022' },
    module: { type: 'commonjs' },
    sourceMaps: 'inline',
  });
  module._compile(code, filename);
};
