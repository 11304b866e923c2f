// The build-time settings of the map page (docs/web.md, "Map in a real browser"; decision §33).
interface ImportMetaEnv {
  /** A public Mapbox access token (pk.…): set, /map is drawn by mapbox-gl; unset, by maplibre-gl offline. */
  readonly VITE_MAPBOX_TOKEN?: string;
  /** The Mapbox style with a token; mapbox://styles/mapbox/light-v11 unless set. */
  readonly VITE_MAPBOX_STYLE?: string;
}
