#!/usr/bin/env node
// Schema evolution check: the public (API) schema now against the last release in schemas/releases/.
// Safe and dangerous changes are printed; a breaking change fails unless docs/schema-changes.md announces
// it under "## Unreleased", and a removed field also needs to have been deprecated in that release.
//   node scripts/schema-diff.mjs                      check (npm run schema:check; a step of npm test)
//   node scripts/schema-diff.mjs --release 0.2.0      snapshot the current schema as a release
// Options for other inputs (tests): --current <api.graphql> --releases <dir> --changes <file.md>
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { CriticalityLevel, diff } from '@graphql-inspector/core';
import { buildSchema, printSchema } from 'graphql';
import { root } from './stack.mjs';

const require = createRequire(import.meta.url);

/** The schema clients see: the supergraph without federation's join/link machinery. */
export function apiSchemaOf(supergraphSdl) {
  const { Supergraph } = require('@apollo/federation-internals');
  return printSchema(Supergraph.build(supergraphSdl).apiSchema().toGraphQLJSSchema());
}

const semver = (v) => v.split('.').map(Number);
const bySemver = (a, b) => {
  const [x, y] = [semver(a), semver(b)];
  for (let i = 0; i < 3; i++) if (x[i] !== y[i]) return x[i] - y[i];
  return 0;
};

export function latestRelease(releasesDir) {
  if (!existsSync(releasesDir)) return null;
  const versions = readdirSync(releasesDir).filter((v) => /^\d+\.\d+\.\d+$/.test(v)).sort(bySemver);
  const version = versions.at(-1);
  return version ? { version, sdl: readFileSync(join(releasesDir, version, 'schema.graphql'), 'utf8') } : null;
}

/** The coordinates (`Type.field`, `Type.field.arg`, `Type`) named in backticks under "## Unreleased". */
export function announcedCoordinates(changesMd) {
  const section = changesMd.split(/^## /m).find((s) => /^Unreleased\b/.test(s)) ?? '';
  return new Set([...section.matchAll(/`([A-Za-z_][\w.]*)`/g)].map((m) => m[1]));
}

function deprecatedInRelease(schema, path) {
  const [typeName, fieldName] = path.split('.');
  const type = schema.getType(typeName);
  if (!type || !('getFields' in type) || !fieldName) return false;
  const field = type.getFields()[fieldName];
  return Boolean(field && ('deprecationReason' in field ? field.deprecationReason : false));
}

/**
 * @returns {Promise<{ breaking: object[], refused: {path: string, message: string, reason: string}[],
 *   dangerous: object[], safe: object[] }>}
 */
export async function compareSchemas(previousSdl, currentSdl, changesMd) {
  const previous = buildSchema(previousSdl);
  const changes = await diff(previous, buildSchema(currentSdl));
  const announced = announcedCoordinates(changesMd);
  const level = (c) => c.criticality.level;
  const breaking = changes.filter((c) => level(c) === CriticalityLevel.Breaking);
  const refused = [];
  for (const change of breaking) {
    const path = change.path ?? '';
    if (!announced.has(path)) {
      refused.push({ path, message: change.message, reason: 'not announced under "## Unreleased" in docs/schema-changes.md' });
    } else if (change.type === 'FIELD_REMOVED' && !deprecatedInRelease(previous, path)) {
      refused.push({ path, message: change.message, reason: 'removed without a deprecation in the previous release' });
    }
  }
  return {
    breaking,
    refused,
    dangerous: changes.filter((c) => level(c) === CriticalityLevel.Dangerous),
    safe: changes.filter((c) => level(c) === CriticalityLevel.NonBreaking),
  };
}

function option(args, name, fallback) {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : fallback;
}

/** Moves what is under "## Unreleased" under the version's own heading, leaving an empty Unreleased. */
export function releaseChangelog(changesMd, version, date) {
  return changesMd.replace(/^## Unreleased[^\n]*\n/m, `## Unreleased\n\n## ${version} — ${date}\n`);
}

async function main(args) {
  const releasesDir = option(args, '--releases', join(root, 'schemas', 'releases'));
  const changesFile = option(args, '--changes', join(root, 'docs', 'schema-changes.md'));
  const currentFile = option(args, '--current');
  const current = currentFile
    ? readFileSync(currentFile, 'utf8')
    : apiSchemaOf(readFileSync(join(root, 'schemas', 'supergraph.graphql'), 'utf8'));

  const version = option(args, '--release');
  if (version) {
    if (!/^\d+\.\d+\.\d+$/.test(version)) throw new Error(`--release needs a version like 1.2.3, not ${version}`);
    mkdirSync(join(releasesDir, version), { recursive: true });
    writeFileSync(join(releasesDir, version, 'schema.graphql'), current);
    const md = existsSync(changesFile) ? readFileSync(changesFile, 'utf8') : '## Unreleased\n';
    writeFileSync(changesFile, releaseChangelog(md, version, new Date().toISOString().slice(0, 10)));
    console.log(`[schema] release ${version} written to ${join(releasesDir, version)}`);
    return 0;
  }

  const release = latestRelease(releasesDir);
  if (!release) throw new Error(`no release in ${releasesDir}: make one with --release <version>`);
  const changesMd = existsSync(changesFile) ? readFileSync(changesFile, 'utf8') : '';
  const { breaking, refused, dangerous, safe } = await compareSchemas(release.sdl, current, changesMd);
  console.log(
    `[schema] against release ${release.version}: ${safe.length} safe, ${dangerous.length} dangerous, ${breaking.length} breaking`,
  );
  for (const c of dangerous) console.log(`  dangerous: ${c.message}`);
  for (const c of breaking) console.log(`  breaking: ${c.message}`);
  for (const r of refused) console.error(`[schema] refused: ${r.path}: ${r.message} — ${r.reason}`);
  return refused.length ? 1 : 0;
}

if (import.meta.url === pathToFileURL(process.argv[1]).href) {
  main(process.argv.slice(2)).then(
    (code) => process.exit(code),
    (err) => {
      console.error(`[schema] ${err.message}`);
      process.exit(2);
    },
  );
}
