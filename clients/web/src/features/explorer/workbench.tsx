import 'graphiql/setup-workers/vite';
import 'graphiql/style.css';
import { GraphiQL } from 'graphiql';
import { buildSchema } from 'graphql';
import apiSchemaSource from '../../__generated__/schema.graphql?raw';
import { exampleQueries } from './examples';
import { createExplorerFetcher } from './fetcher';

// The public API schema printed at build time (codegen): introspection is off in production, so GraphiQL gets
// its documentation and completion from here and never asks the gateway for the schema.
const schema = buildSchema(apiSchemaSource);
const fetcher = createExplorerFetcher();
const tabs = exampleQueries.map(({ query, variables }) => ({ query, variables }));

export default function Workbench() {
  return (
    <div className="explorer__graphiql">
      <GraphiQL fetcher={fetcher} schema={schema} defaultTabs={tabs} shouldPersistHeaders={false} />
    </div>
  );
}
