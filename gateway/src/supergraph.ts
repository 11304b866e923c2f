import { readFileSync } from 'node:fs';
import { ConfigError } from '@ccp/kit';
import { Kind, parse, valueFromASTUntyped } from 'graphql';

export interface SubgraphEndpoint {
  name: string;
  url: string;
}

export function readSupergraph(path: string): string {
  try {
    return readFileSync(path, 'utf8');
  } catch (err) {
    throw new ConfigError(
      `cannot read the supergraph at ${path} (run npm run compose): ${(err as Error).message}`,
    );
  }
}

/** The subgraphs the supergraph names (`@join__graph` on `join__Graph`), with configured URLs applied. */
export function subgraphEndpoints(
  supergraphSdl: string,
  overrides: Record<string, string>,
): SubgraphEndpoint[] {
  const endpoints: SubgraphEndpoint[] = [];
  for (const def of parse(supergraphSdl).definitions) {
    if (def.kind !== Kind.ENUM_TYPE_DEFINITION || def.name.value !== 'join__Graph') continue;
    for (const value of def.values ?? []) {
      const directive = value.directives?.find((d) => d.name.value === 'join__graph');
      const arg = (name: string) => directive?.arguments?.find((a) => a.name.value === name);
      const nameArg = arg('name');
      const urlArg = arg('url');
      if (!nameArg || !urlArg) continue;
      const name = String(valueFromASTUntyped(nameArg.value));
      endpoints.push({
        name,
        url: overrides[name.toLowerCase()] ?? String(valueFromASTUntyped(urlArg.value)),
      });
    }
  }
  return endpoints;
}
