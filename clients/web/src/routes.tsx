/**
 * The route table: one line per page.
 *
 * To add a page, write a module under src/features/<feature>/ whose default export is the page component,
 * then add one entry here:
 *
 *   { path: 'economies/:code', page: () => import('./features/economy/economy-page') },
 *
 * - `path` is relative to the site root ('' is the home page); React Router 7 syntax (`:param`, `*`).
 * - `page` is a dynamic import, so each page is its own chunk, loaded when first visited (the shell and
 *   the home page stay small). Read params with `useParams()` from react-router-dom.
 * - `nav` (optional) puts the page in the header navigation, labelled in every language (type-checked).
 * - The page sets its own title/meta tags with `usePageMeta` (src/features/shell/page-meta.ts) and its
 *   strings come from its own messages.ts (see src/i18n.ts).
 * Keep entries in the order they should appear in the navigation.
 */
import type { ComponentType } from 'react';
import type { Locale } from './i18n';

export interface PageRoute {
  path: string;
  page: () => Promise<{ default: ComponentType }>;
  nav?: Record<Locale, string>;
}

export const routes: readonly PageRoute[] = [
  { path: '', page: () => import('./features/home/home-page'), nav: { en: 'Home', ru: 'Главная' } },
  { path: 'map', page: () => import('./features/map/map-page'), nav: { en: 'Map', ru: 'Карта' } },
  {
    path: 'registry',
    page: () => import('./features/registry/registry-page'),
    nav: { en: 'Registry', ru: 'Реестр' },
  },
  { path: 'clusters/:slug', page: () => import('./features/profile/profile-page') },
  { path: 'clusters/:slug/edit', page: () => import('./features/profile-edit/profile-edit-page') },
  { path: 'coordination', page: () => import('./features/coordination/coordination-page') },
  {
    path: 'account',
    page: () => import('./features/account/account-page'),
    nav: { en: 'Account', ru: 'Кабинет' },
  },
  {
    path: 'economies',
    page: () => import('./features/economies/economies-page'),
    nav: { en: 'Economies', ru: 'Экономики' },
  },
  { path: 'economies/:code', page: () => import('./features/economy/economy-page') },
  {
    path: 'questionnaires',
    page: () => import('./features/questionnaires/questionnaires-page'),
    nav: { en: 'Questionnaires', ru: 'Анкеты' },
  },
  { path: 'questionnaires/results', page: () => import('./features/questionnaires/results-page') },
  { path: 'questionnaires/clusters/:clusterId', page: () => import('./features/questionnaires/fill-page') },
  {
    path: 'kpis',
    page: () => import('./features/kpis/kpi-dashboard'),
    nav: { en: 'KPIs', ru: 'Показатели' },
  },
  {
    path: 'matchmaking',
    page: () => import('./features/matchmaking/hub-page'),
    nav: { en: 'Matchmaking', ru: 'Партнёры' },
  },
  { path: 'matchmaking/offers', page: () => import('./features/matchmaking/offers-page') },
  { path: 'matchmaking/offers/new', page: () => import('./features/matchmaking/publish-offer-page') },
  { path: 'matchmaking/offers/:id', page: () => import('./features/matchmaking/offer-page') },
  { path: 'matchmaking/suggestions', page: () => import('./features/matchmaking/suggestions-page') },
  { path: 'matchmaking/requests', page: () => import('./features/matchmaking/requests-page') },
  { path: 'matchmaking/schedule', page: () => import('./features/matchmaking/schedule-page') },
  { path: 'workshops/:id', page: () => import('./features/matchmaking/workshop-page') },
  {
    path: 'explorer',
    page: () => import('./features/explorer/explorer-page'),
    nav: { en: 'API explorer', ru: 'API' },
  },
];
