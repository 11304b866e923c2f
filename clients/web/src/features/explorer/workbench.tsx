import 'graphiql/setup-workers/vite';
import 'graphiql/style.css';
import { GraphiQL } from 'graphiql';
import { buildSchema } from 'graphql';
import { useState } from 'react';
import apiSchemaSource from '../../__generated__/schema.graphql?raw';
import { exampleQueries } from './examples';
import { createExplorerFetcher } from './fetcher';

// The public API schema printed at build time (codegen): introspection is off in production, so GraphiQL gets
// its documentation and completion from here and never asks the gateway for the schema.
const schema = buildSchema(apiSchemaSource);
const fetcher = createExplorerFetcher();

/** Storage for one opened example: GraphiQL would restore its saved tabs instead of opening the example. */
function memoryStorage(): Storage {
  const items = new Map<string, string>();
  return {
    get length() {
      return items.size;
    },
    clear: () => items.clear(),
    getItem: (key) => items.get(key) ?? null,
    key: (index) => [...items.keys()][index] ?? null,
    removeItem: (key) => void items.delete(key),
    setItem: (key, value) => void items.set(key, String(value)),
  };
}

/**
 * GraphiQL with one example in one tab. Its own tab strip nests the close buttons in the tabs (axe's
 * nested-interactive), so it is hidden (explorer.css) and the page offers the examples in a labelled select.
 */
export default function Workbench({ example }: { example: number }) {
  const { query, variables } = exampleQueries[example] ?? exampleQueries[0] ?? { query: '' };
  // The page mounts one workbench per example (key), each with fresh storage.
  const [storage] = useState(memoryStorage);
  return (
    <div className="explorer__graphiql">
      <GraphiQL
        fetcher={fetcher}
        schema={schema}
        defaultTabs={[{ query, variables }]}
        storage={storage}
        shouldPersistHeaders={false}
      />
    </div>
  );
}
