/**
 * Rendering helpers for component tests.
 *
 *   renderPage(<EconomiesPage />, { mocks: [economiesMock('en')] })          // one page, Apollo MockedProvider
 *   renderPage(<ClusterPage />, { path: '/clusters/:slug', url: '/clusters/x', mocks })   // with route params
 *   renderApp('/economies', { client: schemaClient({ economies: () => [...] }) })         // the whole app, real schema
 *
 * `schemaClient(rootValue)` executes operations against the real API schema (src/__generated__/schema.graphql)
 * with the given root resolvers, so a query that does not match the schema fails the test as it would in production.
 */
import { ApolloClient, ApolloLink } from '@apollo/client';
import { ApolloProvider } from '@apollo/client/react';
import type { MockLink } from '@apollo/client/testing';
import { MockedProvider } from '@apollo/client/testing/react';
import { render } from '@testing-library/react';
import { buildSchema, execute, type GraphQLSchema, validate } from 'graphql';
import type { ReactElement } from 'react';
import { createMemoryRouter, RouterProvider } from 'react-router-dom';
import { Observable } from 'rxjs';
import apiSchema from '../src/__generated__/schema.graphql?raw';
import { createCache } from '../src/apollo';
import { App } from '../src/app';
import type { Locale } from '../src/i18n';
import { LocaleProvider } from '../src/i18n-react';

export interface PageOptions {
  mocks?: MockLink.MockedResponse[];
  client?: ApolloClient;
  locale?: Locale;
  /** The route pattern the page is mounted at (for useParams), e.g. '/clusters/:slug'. */
  path?: string;
  /** The address to start at; defaults to `path`. */
  url?: string;
}

export function renderPage(
  page: ReactElement,
  { mocks = [], client, locale = 'en', path = '/', url }: PageOptions = {},
) {
  const router = createMemoryRouter(
    [
      { path, element: page },
      { path: '*', element: <p>elsewhere</p> },
    ],
    { initialEntries: [url ?? path] },
  );
  const tree = (
    <LocaleProvider initial={locale}>
      <RouterProvider router={router} />
    </LocaleProvider>
  );
  const result = render(
    client ? (
      <ApolloProvider client={client}>{tree}</ApolloProvider>
    ) : (
      <MockedProvider mocks={mocks} cache={createCache()}>
        {tree}
      </MockedProvider>
    ),
  );
  return { ...result, router };
}

/** The whole app (shell, routes, lazy pages) at `url`. */
export function renderApp(url: string, { client, locale = 'en' }: { client: ApolloClient; locale?: Locale }) {
  return render(<App client={client} locale={locale} initialPath={url} />);
}

let schema: GraphQLSchema | undefined;

/**
 * An Apollo client whose operations are validated and executed against the real API schema with these root
 * resolvers (graphql's execute in-process; Apollo's SchemaLink would load a second copy of graphql under vitest).
 */
export function schemaClient(rootValue: Record<string, unknown>): ApolloClient {
  schema ??= buildSchema(apiSchema);
  const api = schema;
  const link = new ApolloLink(
    (operation) =>
      new Observable((observer) => {
        const errors = validate(api, operation.query);
        const result =
          errors.length > 0
            ? { errors }
            : execute({
                schema: api,
                document: operation.query,
                variableValues: operation.variables,
                rootValue,
              });
        Promise.resolve(result).then(
          (value) => {
            observer.next(value as ApolloLink.Result);
            observer.complete();
          },
          (error: unknown) => observer.error(error),
        );
      }),
  );
  return new ApolloClient({ link, cache: createCache() });
}
