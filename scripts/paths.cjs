// Turns the tsconfig path aliases (@kanava/<lib>) into Jest module mappings, so
// tsconfig.json stays the single list of aliases.
const path = require('node:path');
const fs = require('node:fs');

function aliases() {
  const tsconfig = JSON.parse(fs.readFileSync(path.join(__dirname, '..', 'tsconfig.json'), 'utf8'));
  return tsconfig.compilerOptions.paths;
}

function pathsToModuleNameMapper() {
  const out = {};
  for (const [alias, [target]] of Object.entries(aliases())) {
    out[`^${alias.replace('/', '\\/')}$`] = `<rootDir>/${target}`;
  }
  return out;
}

module.exports = { aliases, pathsToModuleNameMapper };
