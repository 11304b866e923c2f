import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { buildSchema, parse, validate } from 'graphql';
import { describe, expect, it } from 'vitest';

const root = join(import.meta.dirname, '../../../../..');
// The API schema the gateway serves (the supergraph without federation's internals), printed in plain Node:
// under vitest, federation's CommonJS graphql and the ESM one would be two different modules.
const printed = execFileSync(
  process.execPath,
  [
    '--input-type=module',
    '-e',
    "import { apiSchemaOf } from './scripts/schema-diff.mjs'; import { existsSync, readFileSync } from 'node:fs'; process.stdout.write(apiSchemaOf(readFileSync('schemas/supergraph.graphql', 'utf8')));",
    'print-api-schema', // argv[1]: the script checks it to tell whether it runs as the CLI
  ],
  { cwd: root, encoding: 'utf8', maxBuffer: 1 << 24 },
);
const schema = buildSchema(printed);
// The operation files of these pages that exist so far.
const operations = ['economy', 'kpis', 'surveys', 'matchmaking'].filter((name) =>
  existsSync(join(root, 'clients/web/src/graphql', `${name}.graphql`)),
);

describe('the operations of the economy, KPI, questionnaire and matchmaking pages', () => {
  for (const name of operations) {
    const file = join(root, 'clients/web/src/graphql', `${name}.graphql`);
    it(`${name}.graphql is valid against the public API schema`, () => {
      const source = readFileSync(file, 'utf8');
      expect(validate(schema, parse(source)).map((error) => error.message)).toEqual([]);
    });
  }
});
