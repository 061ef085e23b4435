// Build jsDelivr-style "+esm" bundles of the npm fixtures' ES-module packages: one file per package, its
// imports of other packages left as /npm/<name>@<version>/+esm (as jsDelivr does), so a page loads the
// IAB's TCF and GPP code in a few requests instead of hundreds of module files.
// Usage: node scripts/npm-esm.mjs DEST   (DEST holds node_modules/; bundles go to DEST/esm/)
import { readFileSync, mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { createRequire } from 'node:module';

const PACKAGES = ['@iabtcf/core', '@iabtcf/cmpapi', '@iabgpp/cmpapi'];
const dest = resolve(process.argv[2]);
const modules = join(dest, 'node_modules');
const esbuild = createRequire(join(modules, 'noop.js'))('esbuild-wasm');
const version = (name) => JSON.parse(readFileSync(join(modules, name, 'package.json'), 'utf8')).version;
const entry = (name) => {
  const manifest = JSON.parse(readFileSync(join(modules, name, 'package.json'), 'utf8'));
  return join(modules, name, manifest.module || manifest.main);
};
const otherPackages = {
  name: 'other-packages',
  setup(build) {
    build.onResolve({ filter: /^(@[^/]+\/)?[^./][^/]*$/ }, (args) =>
      args.kind === 'entry-point' ? undefined : { path: `/npm/${args.path}@${version(args.path)}/+esm`, external: true });
  },
};
mkdirSync(join(dest, 'esm', '@iabtcf'), { recursive: true });
mkdirSync(join(dest, 'esm', '@iabgpp'), { recursive: true });
for (const name of PACKAGES) {
  const out = join(dest, 'esm', `${name}@${version(name)}.mjs`);
  const result = await esbuild.build({
    entryPoints: [entry(name)], bundle: true, format: 'esm', write: false, plugins: [otherPackages],
    legalComments: 'inline', logLevel: 'error',
  });
  writeFileSync(out, result.outputFiles[0].contents);
}
