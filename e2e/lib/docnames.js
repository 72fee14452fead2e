// Every `api.tx.*`, `api.query.*`, `api.call.*` and `api.consts.*` path that the docs name, and
// whether the chain's metadata has it: a doc must never name a call that is gone.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

const PATH = /\bapi\.(tx|query|call|consts)\.([A-Za-z_][A-Za-z0-9_]*)(?:\.([A-Za-z_][A-Za-z0-9_]*))?/g;

/** `{ file, line, kind, section, item }` for each path named in `text`. */
export function namedPaths(file, text) {
  const found = [];
  text.split('\n').forEach((line, index) => {
    for (const [, kind, section, item] of line.matchAll(PATH)) {
      found.push({ file, line: index + 1, kind, section, item });
    }
  });
  return found;
}

/** The paths named in README.md and docs/*.md under `root`. */
export function docPaths(root) {
  const files = ['README.md', ...readdirSync(join(root, 'docs')).filter((f) => f.endsWith('.md')).map((f) => join('docs', f))];
  return files.flatMap((file) => namedPaths(file, readFileSync(join(root, file), 'utf8')));
}

/** The named paths that `api` (decorated from the chain's metadata) does not have. */
export function missingPaths(api, paths) {
  return paths.filter(({ kind, section, item }) => {
    const decorated = api[kind][section];
    return decorated === undefined || (item !== undefined && decorated[item] === undefined);
  });
}
