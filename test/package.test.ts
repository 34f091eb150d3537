/**
 * The package as an npm user gets it (issue 11, item 5): what `npm pack` puts
 * in the tarball, the fields the npm page shows, and README links that work
 * from that page. `npm pack --dry-run --ignore-scripts` lists the files
 * without building; the source maps are checked against that list when a
 * build (`dist/`) is there.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, posix, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('../', import.meta.url));
const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as {
  engines: { node: string };
  repository?: { url?: string };
  homepage?: string;
  bugs?: { url?: string };
};

/** The files `npm pack` would put in the tarball (paths relative to the package root). */
function packed(): Set<string> {
  const out = execFileSync('npm', ['pack', '--dry-run', '--json', '--ignore-scripts'], { cwd: root, encoding: 'utf8', maxBuffer: 16 << 20 });
  const [info] = JSON.parse(out) as [{ files: { path: string }[] }];
  return new Set(info.files.map((f) => f.path));
}

/** Every file under `dir` (relative to the root), recursively. */
function walk(dir: string): string[] {
  const out: string[] = [];
  for (const e of readdirSync(join(root, dir), { withFileTypes: true })) {
    const rel = posix.join(dir, e.name);
    if (e.isDirectory()) out.push(...walk(rel));
    else out.push(rel);
  }
  return out;
}

/** The folders tsconfig.build.json compiles into dist/. */
const COMPILED = ['runtime', 'otel', 'vitest-plugin', 'diagnostics'];

describe('the package an npm user gets', () => {
  const files = packed();

  it('ships the TypeScript sources its source maps name, so stack traces point at real files', () => {
    const sources = COMPILED.flatMap(walk).filter((f) => f.endsWith('.ts') && !f.endsWith('.test.ts'));
    expect(sources.length).toBeGreaterThan(50);
    expect(sources.filter((f) => !files.has(f))).toEqual([]);
    // with a build at hand: every map's sources resolve to a packed file
    if (!existsSync(join(root, 'dist'))) return;
    const maps = walk('dist').filter((f) => f.endsWith('.map'));
    const missing: string[] = [];
    for (const map of maps) {
      const { sources: named } = JSON.parse(readFileSync(join(root, map), 'utf8')) as { sources: string[] };
      for (const s of named) {
        const target = relative(root, join(root, dirname(map), s)).split('\\').join('/');
        if (!files.has(target)) missing.push(`${map} → ${s}`);
      }
    }
    expect(missing).toEqual([]);
  });

  it('names its repository, homepage and issue tracker', () => {
    expect(pkg.repository?.url).toMatch(/^git\+https:\/\/.+\.git$/);
    expect(pkg.homepage).toMatch(/^https:\/\//);
    expect(pkg.bugs?.url).toMatch(/^https:\/\//);
  });

  it("the README's links and images work from the npm page (absolute, or anchors)", () => {
    const readme = readFileSync(join(root, 'README.md'), 'utf8');
    const targets = [...readme.matchAll(/\]\(([^)\s]+)(?:\s+"[^"]*")?\)/g)].map((m) => m[1]);
    expect(targets.length).toBeGreaterThan(0);
    expect(targets.filter((t) => !/^(https:\/\/|#)/.test(t))).toEqual([]);
  });

  it("the README's Node versions agree with engines", () => {
    const readme = readFileSync(join(root, 'README.md'), 'utf8');
    const floor = /^>=(\d+\.\d+)$/.exec(pkg.engines.node)?.[1];
    expect(floor).toBeDefined();
    const said = [...readme.matchAll(/Node(?:\.js)? ≥ ?(\d+(?:\.\d+)?)/g)].map((m) => m[1]);
    expect(said.length).toBeGreaterThan(0);
    expect(said.filter((v) => v !== floor)).toEqual([]);
  });
});
