/**
 * Which map library draws /map (decision §33): maplibre-gl with the offline style unless a Mapbox access token was
 * configured at build time, then mapbox-gl with a Mapbox style. Pure, so the choice is tested without a browser.
 */
export type MapRenderer =
  | { kind: 'maplibre' }
  | {
      kind: 'mapbox';
      /** A public token (pk.…): it ships to every browser. */
      accessToken: string;
      /** A Mapbox style URL (mapbox://styles/<owner>/<style>) or any style URL mapbox-gl can load. */
      style: string;
    };

/** Mapbox's light style: quiet colours under the clusters, much like the offline style. */
export const defaultMapboxStyle = 'mapbox://styles/mapbox/light-v11';

/** The build-time settings that choose it (`import.meta.env` of a Vite build; see docs/web.md). */
export interface MapRendererEnv {
  VITE_MAPBOX_TOKEN?: string;
  VITE_MAPBOX_STYLE?: string;
}

export function mapRenderer(env: MapRendererEnv): MapRenderer {
  const accessToken = env.VITE_MAPBOX_TOKEN?.trim() ?? '';
  // A secret token (sk.…) must never reach a browser; vite.config.ts refuses to build with one, and should one get
  // here all the same (a dev server started by hand), the map stays offline rather than use it.
  if (!accessToken || accessToken.startsWith('sk.')) return { kind: 'maplibre' };
  return { kind: 'mapbox', accessToken, style: env.VITE_MAPBOX_STYLE?.trim() || defaultMapboxStyle };
}
