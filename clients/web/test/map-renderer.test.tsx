import { act, screen, waitFor } from '@testing-library/react';
import type { ReactNode } from 'react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { defaultMapboxStyle, mapRenderer } from '../src/features/map/map-renderer';

// No map library can draw in happy-dom (no WebGL), and Mapbox could not be reached here anyway: react-map-gl's two
// entry points are stand-ins that record which one the page loaded and the props it gave, and mapbox-gl itself
// records being imported. What is tested is the choice and the wiring, not a rendering.
const seen = vi.hoisted(() => ({
  imported: [] as string[],
  maps: [] as { library: string; props: Record<string, unknown> }[],
  layers: [] as { library: string; id: string }[],
}));

vi.mock('react-map-gl/maplibre', () => standIn('maplibre'));
vi.mock('react-map-gl/mapbox', () => standIn('mapbox'));
vi.mock('maplibre-gl', () => {
  seen.imported.push('maplibre-gl');
  return { setWorkerUrl: () => {} };
});
vi.mock('mapbox-gl', () => {
  seen.imported.push('mapbox-gl');
  return {};
});

function standIn(library: 'maplibre' | 'mapbox') {
  seen.imported.push(`react-map-gl/${library}`);
  const [MapView, Layer] = library === 'maplibre' ? [MaplibreMap, MaplibreLayer] : [MapboxMap, MapboxLayer];
  return {
    Map: MapView,
    Layer,
    Source: Children,
    Marker: Children,
    Popup: Children,
    NavigationControl,
    useMap,
  };
}

type StandInProps = Record<string, unknown> & { children?: ReactNode };
function recordMap(library: string, props: StandInProps) {
  seen.maps.push({ library, props });
  return <div data-testid={`${library}-map`}>{props.children}</div>;
}
function MaplibreMap(props: StandInProps) {
  return recordMap('maplibre', props);
}
function MapboxMap(props: StandInProps) {
  return recordMap('mapbox', props);
}
function MaplibreLayer({ id }: { id: string }) {
  seen.layers.push({ library: 'maplibre', id });
  return null;
}
function MapboxLayer({ id }: { id: string }) {
  seen.layers.push({ library: 'mapbox', id });
  return null;
}
function Children({ children }: { children?: ReactNode }) {
  return <div>{children}</div>;
}
function NavigationControl() {
  return null;
}
function useMap() {
  return { current: undefined };
}

function platform(schemaClient: typeof import('./render').schemaClient) {
  return schemaClient({
    clusterMapPoints: () => ({
      count: 2,
      ids: ['a', 'b'],
      lat: [-13.52, -33.05],
      lng: [-71.97, -71.62],
      economyCodes: ['PE', 'CL'],
      specializations: ['agrifood', 'agrifood'],
      names: () => ['Andean Quinoa', 'Valparaiso Wine'],
    }),
    specializations: () => [{ code: 'agrifood', name: 'Agrifood' }],
  });
}

/** Waits for the page's map, checks that only `library` was imported and drew it, and returns the map's props. */
async function drawnBy(library: 'maplibre' | 'mapbox') {
  const other = library === 'maplibre' ? 'mapbox' : 'maplibre';
  await screen.findByTestId(`${library}-map`, {}, { timeout: 10_000 });
  expect(screen.queryByTestId(`${other}-map`)).toBeNull();
  expect(seen.imported).toContain(`react-map-gl/${library}`);
  // mapbox-gl, react-map-gl/mapbox (or the other way round): never imported at all.
  expect(seen.imported.filter((m) => m.includes(other))).toEqual([]);
  return seen.maps.at(-1)?.props ?? {};
}

/** The handlers the page gave the last Mapbox map. */
function mapboxHandlers() {
  const props = seen.maps.filter((m) => m.library === 'mapbox').at(-1)?.props;
  if (!props) throw new Error('no Mapbox map was made');
  return props as { onError(event: { error: Error }): void; onStyleData(): void };
}

/** The map page as a fresh module, so it reads the build settings stubbed for this test (and the app with it). */
async function renderMapPage() {
  vi.resetModules();
  const { default: MapPage } = await import('../src/features/map/map-page');
  const { renderPage, schemaClient } = await import('./render');
  renderPage(<MapPage />, { client: platform(schemaClient), path: '/map' });
  await screen.findByText('Clusters on the map: 2', {}, { timeout: 10_000 });
}

describe('which map library draws /map', () => {
  it('When no Mapbox token is configured, then maplibre draws it', () => {
    expect(mapRenderer({})).toEqual({ kind: 'maplibre' });
    expect(mapRenderer({ VITE_MAPBOX_TOKEN: '', VITE_MAPBOX_STYLE: 'mapbox://styles/me/mine' })).toEqual({
      kind: 'maplibre',
    });
    expect(mapRenderer({ VITE_MAPBOX_TOKEN: '   ' })).toEqual({ kind: 'maplibre' });
  });

  it('When a public token is configured, then mapbox draws it with the light style unless another is set', () => {
    expect(mapRenderer({ VITE_MAPBOX_TOKEN: ' pk.abc ' })).toEqual({
      kind: 'mapbox',
      accessToken: 'pk.abc',
      style: defaultMapboxStyle,
    });
    expect(defaultMapboxStyle).toBe('mapbox://styles/mapbox/light-v11');
    expect(
      mapRenderer({ VITE_MAPBOX_TOKEN: 'pk.abc', VITE_MAPBOX_STYLE: 'mapbox://styles/apec/borders-off' }),
    ).toEqual({
      kind: 'mapbox',
      accessToken: 'pk.abc',
      style: 'mapbox://styles/apec/borders-off',
    });
    expect(mapRenderer({ VITE_MAPBOX_TOKEN: 'pk.abc', VITE_MAPBOX_STYLE: ' ' })).toMatchObject({
      style: defaultMapboxStyle,
    });
  });

  it('When the token is a secret one (sk.…), then it is not used and the map stays offline', () => {
    expect(mapRenderer({ VITE_MAPBOX_TOKEN: 'sk.secret' })).toEqual({ kind: 'maplibre' });
  });
});

describe('the map page and its map library', () => {
  beforeEach(() => {
    seen.imported.length = 0;
    seen.maps.length = 0;
    seen.layers.length = 0;
    // The economies' outlines are not needed to tell the libraries apart: without them the points still show.
    vi.stubGlobal('fetch', () => Promise.reject(new Error('no outlines in this test')));
  });
  afterEach(() => {
    vi.unstubAllEnvs();
    vi.unstubAllGlobals();
    vi.restoreAllMocks();
  });

  it('When no token is configured, then the page draws with maplibre and the offline style and never imports mapbox', async () => {
    vi.stubEnv('VITE_MAPBOX_TOKEN', '');
    await renderMapPage();

    const props = await drawnBy('maplibre');
    expect(props.mapStyle).toMatchObject({ version: 8, sources: {} });
    expect(props.attributionControl).toEqual({ compact: true, customAttribution: 'Natural Earth' });
    expect(props).not.toHaveProperty('mapboxAccessToken');
    const section = screen.getByRole('region', { name: 'Map of APEC clusters' });
    expect(section.dataset.pointCount).toBe('2');
    expect(section.dataset.mapState).toBe('loading');
  });

  it('When a token is configured, then the page draws with mapbox, the token, the style and its attribution on, and the same layers', async () => {
    vi.stubEnv('VITE_MAPBOX_TOKEN', 'pk.test-token');
    vi.stubEnv('VITE_MAPBOX_STYLE', 'mapbox://styles/apec/quiet');
    await renderMapPage();

    const props = await drawnBy('mapbox');
    expect(props).toMatchObject({
      mapboxAccessToken: 'pk.test-token',
      mapStyle: 'mapbox://styles/apec/quiet',
      attributionControl: true,
      customAttribution: 'Natural Earth',
      projection: 'mercator',
      language: 'en',
      interactiveLayerIds: ['clusters', 'points'],
    });
    await waitFor(() =>
      expect(new Set(seen.layers.filter((l) => l.library === 'mapbox').map((l) => l.id))).toEqual(
        new Set(['outline-fill', 'outline-line', 'clusters', 'points']),
      ),
    );
    expect(screen.getByRole('region', { name: 'Map of APEC clusters' }).dataset.pointCount).toBe('2');
    // The list beside the map, the keyboard's way to the points, is the same.
    expect(screen.getByRole('button', { name: /Andean Quinoa/ })).toBeTruthy();
  });

  it('When the Mapbox style cannot load (no network, a wrong token), then the page falls back to the offline maplibre map', async () => {
    vi.stubEnv('VITE_MAPBOX_TOKEN', 'pk.revoked');
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    await renderMapPage();
    await screen.findByTestId('mapbox-map', {}, { timeout: 10_000 });
    const section = screen.getByRole('region', { name: 'Map of APEC clusters' });
    expect(section.dataset.mapRenderer).toBe('mapbox');

    const mapbox = mapboxHandlers();
    act(() => mapbox.onError({ error: new Error('Failed to fetch') }));

    await screen.findByTestId('maplibre-map', {}, { timeout: 10_000 });
    expect(screen.queryByTestId('mapbox-map')).toBeNull();
    expect(section.dataset.mapRenderer).toBe('maplibre');
    expect(seen.maps.at(-1)?.props.mapStyle).toMatchObject({ version: 8, sources: {} });
    expect(warn).toHaveBeenCalledOnce();
  });

  it('When Mapbox cancels a request itself (AbortError: a tile out of view, a removed map), then nothing is logged as an error', async () => {
    vi.stubEnv('VITE_MAPBOX_TOKEN', 'pk.test-token');
    const error = vi.spyOn(console, 'error').mockImplementation(() => {});
    await renderMapPage();
    await screen.findByTestId('mapbox-map', {}, { timeout: 10_000 });

    const mapbox = mapboxHandlers();
    act(() => {
      mapbox.onStyleData();
      mapbox.onError({ error: new DOMException('Actor removed', 'AbortError') as unknown as Error });
    });

    expect(error).not.toHaveBeenCalled();
    expect(screen.getByTestId('mapbox-map')).toBeTruthy();
  });

  it('When a Mapbox token is configured, then no right-to-left text plugin is fetched from Mapbox', async () => {
    vi.stubEnv('VITE_MAPBOX_TOKEN', 'pk.test-token');
    await renderMapPage();
    await screen.findByTestId('mapbox-map', {}, { timeout: 10_000 });
    expect(seen.maps.at(-1)?.props.RTLTextPlugin).toBe(false);
  });

  it('When Mapbox fails after its style has loaded (a tile), then the Mapbox map stays', async () => {
    vi.stubEnv('VITE_MAPBOX_TOKEN', 'pk.test-token');
    const error = vi.spyOn(console, 'error').mockImplementation(() => {});
    await renderMapPage();
    await screen.findByTestId('mapbox-map', {}, { timeout: 10_000 });

    const mapbox = mapboxHandlers();
    act(() => {
      mapbox.onStyleData();
      mapbox.onError({ error: new Error('tile 503') });
    });

    expect(error).toHaveBeenCalledWith(new Error('tile 503'));
    expect(screen.getByTestId('mapbox-map')).toBeTruthy();
    expect(seen.maps.some((m) => m.library === 'maplibre')).toBe(false);
  });
});
