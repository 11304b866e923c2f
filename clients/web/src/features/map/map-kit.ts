import type * as ReactMapGl from 'react-map-gl/maplibre';
import type { Locale } from '../../i18n';

/** The map object react-map-gl hands out (`MapRef.getMap()`). */
export type MapInstance = ReturnType<ReactMapGl.MapRef['getMap']>;

/**
 * What the map page draws with: react-map-gl's components for one map library, loaded as a chunk of its own
 * (./maplibre-kit or ./mapbox-kit, decision §33), and the few things the two libraries do differently. The types
 * are react-map-gl/maplibre's: react-map-gl/mapbox's components take the same props for everything the page uses.
 */
export interface MapKit {
  renderer: 'maplibre' | 'mapbox';
  MapView: typeof ReactMapGl.Map;
  Layer: typeof ReactMapGl.Layer;
  Source: typeof ReactMapGl.Source;
  Marker: typeof ReactMapGl.Marker;
  Popup: typeof ReactMapGl.Popup;
  NavigationControl: typeof ReactMapGl.NavigationControl;
  useMap: typeof ReactMapGl.useMap;
  /** The map's props of this library alone: its style, access token, attribution, projection, label language. */
  mapProps(locale: Locale): Record<string, unknown>;
  /** The zoom at which a cluster of points splits (maplibre answers with a promise, mapbox-gl with a callback). */
  expansionZoom(map: MapInstance, source: string, clusterId: number): Promise<number>;
  /** The economies' fill: opaque on the offline style's plain background, a tint over a Mapbox base map. */
  fillOpacity: number;
}

/**
 * A cancellation, not a failure: a request the map library cancelled itself (a tile no longer in view, the workers of
 * a removed map — mapbox-gl's "Actor removed") rejects with an error named AbortError.
 */
export function isCancellation(reason: unknown): boolean {
  return typeof reason === 'object' && reason !== null && (reason as { name?: unknown }).name === 'AbortError';
}
