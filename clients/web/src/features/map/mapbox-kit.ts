import type { GeoJSONSource } from 'mapbox-gl';
import 'mapbox-gl/dist/mapbox-gl.css';
import { Layer, Map as MapView, Marker, NavigationControl, Popup, Source, useMap } from 'react-map-gl/mapbox';
import type { MapKit } from './map-kit';
import type { MapRenderer } from './map-renderer';

/**
 * mapbox-gl 3 with a Mapbox style, for a build with a Mapbox token (decision §33). react-map-gl/mapbox imports
 * mapbox-gl itself, lazily, when the first map is made: mapbox-gl is a chunk of its own behind this one.
 */
export function mapboxKit(choice: Extract<MapRenderer, { kind: 'mapbox' }>): MapKit {
  return {
    renderer: 'mapbox',
    // Same props as react-map-gl/maplibre's for everything the page passes (see MapKit).
    MapView: MapView as unknown as MapKit['MapView'],
    Layer: Layer as unknown as MapKit['Layer'],
    Source: Source as unknown as MapKit['Source'],
    Marker: Marker as unknown as MapKit['Marker'],
    Popup: Popup as unknown as MapKit['Popup'],
    NavigationControl: NavigationControl as unknown as MapKit['NavigationControl'],
    useMap: useMap as unknown as MapKit['useMap'],
    mapProps: (locale) => ({
      mapStyle: choice.style,
      mapboxAccessToken: choice.accessToken,
      // Mapbox's terms ask for its logo and attribution on every map: both stay on (mapbox-gl's defaults).
      attributionControl: true,
      customAttribution: 'Natural Earth',
      // The flat map the offline one is (mapbox-gl 3 would show a globe at low zoom).
      projection: 'mercator',
      // The base map's own labels in the reader's language, where the style has them.
      language: locale,
      // No right-to-left script among the platform's languages, so no RTL text plugin fetched from Mapbox's CDN:
      // react-map-gl would load one by default, and when the map is removed before that load ends (the fallback
      // below) it logged the cancelled load ("AbortError: Actor removed") as an error.
      RTLTextPlugin: false,
    }),
    expansionZoom: (map, source, clusterId) =>
      new Promise((resolve, reject) => {
        const clusters = map.getSource(source) as unknown as GeoJSONSource | undefined;
        if (!clusters) return reject(new Error(`no source ${source}`));
        clusters.getClusterExpansionZoom(clusterId, (error, zoom) =>
          error || zoom == null ? reject(error ?? new Error('no zoom')) : resolve(zoom),
        );
      }),
    fillOpacity: 0.35,
  };
}
