import { type GeoJSONSource, setWorkerUrl } from 'maplibre-gl';
import workerUrl from 'maplibre-gl/dist/maplibre-gl-worker.mjs?url';
import 'maplibre-gl/dist/maplibre-gl.css';
import {
  Layer,
  Map as MapView,
  Marker,
  NavigationControl,
  Popup,
  Source,
  useMap,
} from 'react-map-gl/maplibre';
import { offlineStyle } from './map-data';
import type { MapKit } from './map-kit';

// Vite bundles maplibre into a chunk of its own, so the worker is not next to it: point maplibre at the
// worker file Vite emits (served from our origin, like everything else).
setWorkerUrl(workerUrl);

/** maplibre-gl with the offline style: no tiles, sprites or glyphs, nothing fetched from anywhere but our origin. */
export const maplibreKit: MapKit = {
  renderer: 'maplibre',
  MapView,
  Layer,
  Source,
  Marker,
  Popup,
  NavigationControl,
  useMap,
  mapProps: () => ({
    mapStyle: offlineStyle,
    attributionControl: { compact: true, customAttribution: 'Natural Earth' },
  }),
  expansionZoom: async (map, source, clusterId) => {
    const clusters = map.getSource<GeoJSONSource>(source);
    if (!clusters) throw new Error(`no source ${source}`);
    return clusters.getClusterExpansionZoom(clusterId);
  },
  fillOpacity: 1,
};
