import type { ApolloClient } from '@apollo/client';
import { ApolloProvider } from '@apollo/client/react';
import { type ComponentType, createElement, useState } from 'react';
import { createBrowserRouter, createMemoryRouter, type RouteObject, RouterProvider } from 'react-router-dom';
import type { Locale } from './i18n';
import { LocaleProvider } from './i18n-react';
import { RouteError } from './features/shell/route-error';
import { Shell } from './features/shell/shell';
import { type PageRoute, routes } from './routes';

/** The route table as React Router objects: the shell around every page, each page loaded lazily. */
export function routeObjects(table: readonly PageRoute[] = routes): RouteObject[] {
  const children: RouteObject[] = table.map(({ path, page }) => {
    const lazy = async () => ({ Component: (await page()).default as ComponentType });
    return path === '' ? { index: true, lazy } : { path, lazy };
  });
  children.push({
    path: '*',
    loader: () => {
      throw new Response('Not Found', { status: 404 });
    },
  });
  return [
    {
      path: '/',
      Component: Shell,
      ErrorBoundary: RouteError,
      children: children.map((child) => ({ ...child, ErrorBoundary: RouteError })),
    },
  ];
}

export interface AppProps {
  client: ApolloClient;
  locale?: Locale;
  /** Start at this address with an in-memory history (tests); the browser's address otherwise. */
  initialPath?: string;
}

export function App({ client, locale, initialPath }: AppProps) {
  const [router] = useState(() =>
    initialPath === undefined
      ? createBrowserRouter(routeObjects())
      : createMemoryRouter(routeObjects(), { initialEntries: [initialPath] }),
  );
  return (
    <ApolloProvider client={client}>
      <LocaleProvider initial={locale}>{createElement(RouterProvider, { router })}</LocaleProvider>
    </ApolloProvider>
  );
}
