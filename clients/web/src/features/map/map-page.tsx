import { useApolloClient, useQuery } from '@apollo/client/react';
import {
  type FormEvent,
  useCallback,
  useEffect,
  useId,
  useLayoutEffect,
  useMemo,
  useRef,
  useState,
} from 'react';
import type { MapLayerMouseEvent, MapRef } from 'react-map-gl/maplibre';
import { Link, useSearchParams } from 'react-router-dom';
import type { Topology } from 'topojson-specification';
import worldUrl from 'world-atlas/countries-50m.json?url';
import {
  type ClusterFilter,
  type ClusterStatus,
  MapPointsDocument,
  MapPopupDocument,
  type MapPopupQuery,
  MapVocabularyDocument,
} from '../../__generated__/graphql';
import { sessionToken } from '../../apollo';
import { interpolate } from '../../i18n';
import { useLocale, useMessages } from '../../i18n-react';
import { usePageMeta } from '../shell/page-meta';
import { apecOutlines, boundsOf, economies, type ListedCluster, listOf, pointsOf } from './map-data';
import { isCancellation, type MapInstance, type MapKit } from './map-kit';
import { mapRenderer } from './map-renderer';
import { messages } from './messages';
import './map.css';

// Each setting is read by its full name, which Vite replaces with the build's value: in a build without a token
// the condition below is `undefined && …`, so the mapbox branch (./mapbox-kit and mapbox-gl behind it) is left out
// of the build altogether and only maplibre's chunk exists (decision §33).
const renderer = mapRenderer({
  VITE_MAPBOX_TOKEN: import.meta.env.VITE_MAPBOX_TOKEN,
  VITE_MAPBOX_STYLE: import.meta.env.VITE_MAPBOX_STYLE,
});
/** The map library, asked for as soon as this page's chunk runs, so it downloads while the first query runs. */
const mapKit: Promise<MapKit> =
  import.meta.env.VITE_MAPBOX_TOKEN && renderer.kind === 'mapbox'
    ? import('./mapbox-kit').then((kit) => kit.mapboxKit(renderer))
    : import('./maplibre-kit').then((kit) => kit.maplibreKit);

/**
 * The map library the page draws with: the one the build chose, or the offline maplibre map once `offline()` is
 * called (Mapbox could not be reached; see onMapError).
 */
function useMapKit() {
  const [kit, setKit] = useState<MapKit | 'failed' | null>(null);
  useEffect(() => {
    let live = true;
    mapKit.then(
      (loaded) => live && setKit(loaded),
      () => live && setKit('failed'),
    );
    return () => {
      live = false;
    };
  }, []);
  const offline = useCallback(() => {
    import('./maplibre-kit').then(
      (loaded) => setKit(loaded.maplibreKit),
      () => setKit('failed'),
    );
  }, []);
  return [kit, offline] as const;
}

const statuses: readonly ClusterStatus[] = ['PUBLISHED', 'SUBMITTED', 'DRAFT', 'RETURNED', 'ARCHIVED'];

function useOutlines() {
  const [outlines, setOutlines] = useState<ReturnType<typeof apecOutlines> | null>(null);
  useEffect(() => {
    let live = true;
    void fetch(worldUrl)
      .then((response) => response.json() as Promise<Topology>)
      .then((topology) => live && setOutlines(apecOutlines(topology)))
      // Without outlines the points still show, on the plain background.
      .catch(() => live && setOutlines({ type: 'FeatureCollection', features: [] }));
    return () => {
      live = false;
    };
  }, []);
  return outlines;
}

/** The map library's own control texts in the reader's language (each library reads the keys it knows). */
function mapLocale(t: (typeof messages)['en']) {
  return {
    'Map.Title': t.map,
    'Marker.Title': t.marker,
    'Popup.Close': t.close,
    'NavigationControl.ZoomIn': t.zoomIn,
    'NavigationControl.ZoomOut': t.zoomOut,
    'AttributionControl.ToggleAttribution': t.attribution,
    'LogoControl.Title': t.mapboxLogo,
  };
}

/** How many clusters the list under the map names (the map itself draws them all). */
const listLimit = 100;

export default function MapPage() {
  const t = useMessages(messages);
  const { locale, format } = useLocale();
  usePageMeta({ title: t.heading, description: t.description });
  const [params, setParams] = useSearchParams();
  const filter = useMemo(() => {
    const value: ClusterFilter = {};
    const text = params.get('q');
    if (text) value.text = text;
    const economy = params.get('economy');
    if (economy) value.economies = [economy];
    const specialization = params.get('spec');
    if (specialization) value.specializations = [specialization];
    const status = params.get('status') as ClusterStatus | null;
    if (status && statuses.includes(status)) value.status = status;
    return value;
  }, [params]);
  const { data, previousData, loading, error } = useQuery(MapPointsDocument, {
    variables: { filter, locale },
  });
  const vocabulary = useQuery(MapVocabularyDocument, { variables: { locale } });
  const columns = (data ?? previousData)?.clusterMapPoints;
  const points = useMemo(() => (columns ? pointsOf(columns) : null), [columns]);
  const listed = useMemo(
    () => (columns ? listOf(columns, format.compare, listLimit) : []),
    [columns, format],
  );
  const outlines = useOutlines();
  const [kit, offline] = useMapKit();
  // Whether the map's style has arrived: an error before that is a style that cannot load (no network, a wrong or
  // revoked Mapbox token), and the page falls back to the offline map rather than stay blank.
  const styled = useRef(false);
  function onMapError(event: { error?: unknown }) {
    if (isCancellation(event.error)) return;
    if (kit && kit !== 'failed' && kit.renderer === 'mapbox' && !styled.current) {
      console.warn('The Mapbox style could not be loaded; the offline map is shown instead.', event.error);
      offline();
    } else console.error(event.error);
  }
  const map = useRef<MapRef>(null);
  const [selected, setSelected] = useState<{ id: string; lng: number; lat: number } | null>(null);

  // The points the map has drawn and gone idle with: `data-map-state` is "idle" only once maplibre fires
  // 'idle' after the current points reached the clustered source (react-map-gl's <Source> calls setData while
  // rendering, so a layout effect runs before any frame can draw them), and "loading" again while data reloads.
  const [idleWith, setIdleWith] = useState<typeof points>(null);
  const shown = useRef(points);
  // A filtered result is framed once when it arrives, so what was asked for is in view (and a lone point sits
  // in the middle of the map).
  const framed = useRef<unknown>(null);
  const filtered = Object.keys(filter).length > 0;
  const result = data?.clusterMapPoints;
  function frame() {
    const instance = map.current;
    if (!instance || !result || !filtered || framed.current === result) return;
    framed.current = result;
    const bounds = boundsOf(result);
    if (bounds) instance.fitBounds(bounds, { padding: 48, maxZoom: 6, duration: 600 });
  }
  useLayoutEffect(() => {
    shown.current = points;
    setIdleWith(null);
  }, [points]);
  // biome-ignore lint/correctness/useExhaustiveDependencies: frame() reads the result it is run for
  useLayoutEffect(frame, [result]);
  function onIdle() {
    const instance = map.current?.getMap();
    if (shown.current && instance?.getSource('clusters') && instance.isSourceLoaded('clusters')) {
      setIdleWith(shown.current);
    }
  }

  function set(name: string, value: string) {
    const next = new URLSearchParams(params);
    if (value) next.set(name, value);
    else next.delete(name);
    setParams(next);
    setSelected(null);
  }

  async function click(event: MapLayerMouseEvent) {
    const target = event.features?.[0];
    if (!target || target.geometry.type !== 'Point') return;
    const [lng = 0, lat = 0] = target.geometry.coordinates;
    const clusterId = target.properties?.cluster_id as number | undefined;
    if (clusterId !== undefined) {
      const instance = map.current?.getMap();
      if (!instance || !kit || kit === 'failed') return;
      const zoom = await kit.expansionZoom(instance, 'clusters', clusterId);
      map.current?.easeTo({ center: [lng, lat], zoom });
      return;
    }
    setSelected({ id: String(target.properties?.id), lng, lat });
  }

  function show(cluster: ListedCluster) {
    setSelected({ id: cluster.id, lng: cluster.lng, lat: cluster.lat });
    map.current?.easeTo({ center: [cluster.lng, cluster.lat], zoom: Math.max(map.current.getZoom(), 6) });
  }

  const textId = useId();
  const listId = useId();
  const economyName = (code: string) => economies.find((e) => e.code === code)?.name[locale] ?? code;
  return (
    <div className="map-page">
      <h1>{t.heading}</h1>
      <search className="map-page__filters" aria-label={t.filters}>
        <form
          onSubmit={(event: FormEvent<HTMLFormElement>) => {
            event.preventDefault();
            set('q', String(new FormData(event.currentTarget).get('q') ?? '').trim());
          }}
        >
          <label htmlFor={textId}>{t.text}</label>
          <input id={textId} name="q" type="search" defaultValue={params.get('q') ?? ''} maxLength={200} />
          <button type="submit">{t.apply}</button>
        </form>
        <FilterSelect
          label={t.economy}
          any={t.any}
          value={params.get('economy') ?? ''}
          onChange={(value) => set('economy', value)}
          options={[...economies]
            .sort((x, y) => format.compare(x.name[locale], y.name[locale]))
            .map((economy) => ({ value: economy.code, label: economy.name[locale] }))}
        />
        <FilterSelect
          label={t.specialization}
          any={t.any}
          value={params.get('spec') ?? ''}
          onChange={(value) => set('spec', value)}
          options={(vocabulary.data?.specializations ?? []).map((s) => ({ value: s.code, label: s.name }))}
        />
        {sessionToken() ? (
          <FilterSelect
            label={t.status}
            any={t.any}
            value={params.get('status') ?? ''}
            onChange={(value) => set('status', value)}
            options={statuses.map((status) => ({ value: status, label: t[status] }))}
          />
        ) : null}
      </search>
      <p role="status" className="map-page__count">
        {error
          ? t.failed
          : columns
            ? interpolate(t.shown, { count: format.number(columns.count) })
            : t.loading}
      </p>
      <section
        className="map-page__map"
        aria-label={t.map}
        data-map-state={points && idleWith === points && !loading ? 'idle' : 'loading'}
        data-point-count={points?.features.length ?? 0}
        data-map-renderer={kit && kit !== 'failed' ? kit.renderer : undefined}
      >
        {kit === 'failed' ? (
          <p className="map-page__count">{t.mapFailed}</p>
        ) : kit ? (
          <kit.MapView
            key={locale}
            ref={map}
            initialViewState={{ longitude: 150, latitude: 20, zoom: 1.3 }}
            {...kit.mapProps(locale)}
            locale={mapLocale(t)}
            interactiveLayerIds={['clusters', 'points']}
            onClick={(event) => void click(event)}
            onIdle={onIdle}
            onLoad={frame}
            onStyleData={() => {
              styled.current = true;
            }}
            onError={onMapError}
            cursor="pointer"
          >
            <kit.NavigationControl showCompass={false} />
            {outlines ? (
              <kit.Source id="outlines" type="geojson" data={outlines}>
                <kit.Layer
                  id="outline-fill"
                  type="fill"
                  paint={{ 'fill-color': '#f6f3ea', 'fill-opacity': kit.fillOpacity }}
                />
                <kit.Layer
                  id="outline-line"
                  type="line"
                  paint={{ 'line-color': '#8a94a6', 'line-width': 0.6 }}
                />
              </kit.Source>
            ) : null}
            <EconomyLabels kit={kit} />
            {/* After the outlines, so their layers lie under the points (the map stacks layers as they are added). */}
            {points && outlines ? (
              <kit.Source
                id="clusters"
                type="geojson"
                data={points}
                cluster
                clusterRadius={45}
                clusterMaxZoom={11}
              >
                <kit.Layer
                  id="clusters"
                  type="circle"
                  filter={['has', 'point_count']}
                  paint={{
                    'circle-color': '#0b5cab',
                    'circle-opacity': 0.9,
                    'circle-stroke-color': '#ffffff',
                    'circle-stroke-width': 1.5,
                    'circle-radius': ['step', ['get', 'point_count'], 10, 10, 14, 100, 19, 1000, 25],
                  }}
                />
                <kit.Layer
                  id="points"
                  type="circle"
                  filter={['!', ['has', 'point_count']]}
                  paint={{
                    'circle-color': '#f2a900',
                    'circle-radius': 6,
                    'circle-stroke-color': '#1c2433',
                    'circle-stroke-width': 1,
                  }}
                />
              </kit.Source>
            ) : null}
            <ClusterCounts kit={kit} />
            {selected ? (
              <kit.Popup
                longitude={selected.lng}
                latitude={selected.lat}
                onClose={() => setSelected(null)}
                closeButton
                maxWidth="18rem"
              >
                <PopupContent id={selected.id} />
              </kit.Popup>
            ) : null}
          </kit.MapView>
        ) : null}
      </section>
      <section className="map-page__list" aria-labelledby={listId}>
        <h2 id={listId}>{t.list}</h2>
        {columns && columns.count > listed.length ? (
          <p className="map-page__count">
            {interpolate(t.listFirst, {
              shown: format.number(listed.length),
              count: format.number(columns.count),
            })}
          </p>
        ) : null}
        <ul>
          {listed.map((cluster) => (
            <li key={cluster.id}>
              <button type="button" aria-pressed={selected?.id === cluster.id} onClick={() => show(cluster)}>
                <span className="map-page__list-name">{cluster.name}</span>{' '}
                <span className="map-page__list-economy">{economyName(cluster.economy)}</span>
              </button>
            </li>
          ))}
        </ul>
      </section>
    </div>
  );
}

/** Runs `then` with the map each time it is idle (after loading, moving or new data). */
function useWhenIdle(useMap: MapKit['useMap'], then: (map: MapInstance) => void) {
  const { current } = useMap();
  const latest = useRef(then);
  latest.current = then;
  useEffect(() => {
    const instance = current?.getMap();
    if (!instance) return;
    const run = () => latest.current(instance);
    instance.on('idle', run);
    return () => {
      instance.off('idle', run);
    };
  }, [current]);
}

/** Larger economies keep their name when names would overlap (at low zoom in South-East Asia). */
const labelPriority = [
  'RU',
  'CA',
  'US',
  'CN',
  'AU',
  'ID',
  'MX',
  'PE',
  'CL',
  'PG',
  'TH',
  'JP',
  'MY',
  'VN',
  'NZ',
  'PH',
  'KR',
  'TW',
  'BN',
  'HK',
  'SG',
];

/**
 * The economies' names as HTML (no glyphs offline), APEC's names in the reader's language. Each time the map is
 * idle a name that would overlap a larger economy's is hidden, so none is drawn over another.
 */
function EconomyLabels({ kit }: { kit: MapKit }) {
  const { locale } = useLocale();
  const labels = useRef(new Map<string, HTMLSpanElement>());
  useWhenIdle(kit.useMap, () => {
    const placed: DOMRect[] = [];
    for (const code of labelPriority) {
      const label = labels.current.get(code);
      if (!label) continue;
      const box = label.getBoundingClientRect();
      const overlaps = placed.some(
        (other) =>
          box.left < other.right + 2 &&
          box.right + 2 > other.left &&
          box.top < other.bottom + 2 &&
          box.bottom + 2 > other.top,
      );
      label.style.visibility = overlaps ? 'hidden' : '';
      if (!overlaps) placed.push(box);
    }
  });
  return economies.map((economy) => (
    <kit.Marker
      key={economy.code}
      longitude={economy.centroid.lng}
      latitude={economy.centroid.lat}
      anchor="center"
    >
      <span
        className="map-page__label"
        lang={locale}
        ref={(element) => {
          if (element) labels.current.set(economy.code, element);
          else labels.current.delete(economy.code);
        }}
      >
        {economy.name[locale]}
      </span>
    </kit.Marker>
  ));
}

/**
 * The number on each circle of clustered points, as HTML (the offline style has no glyphs for a symbol layer):
 * read from the source each time the map is idle. Visual only: the list under the map is the accessible way.
 */
function ClusterCounts({ kit }: { kit: MapKit }) {
  const { format } = useLocale();
  const [counts, setCounts] = useState<{ id: number; lng: number; lat: number; count: number }[]>([]);
  useWhenIdle(kit.useMap, (instance) => {
    const found = new Map<number, { id: number; lng: number; lat: number; count: number }>();
    if (instance.getSource('clusters')) {
      for (const f of instance.querySourceFeatures('clusters', { filter: ['has', 'point_count'] })) {
        const id = Number(f.properties?.cluster_id);
        if (found.has(id) || f.geometry.type !== 'Point') continue;
        const [lng = 0, lat = 0] = f.geometry.coordinates;
        found.set(id, { id, lng, lat, count: Number(f.properties?.point_count) });
      }
    }
    const next = [...found.values()];
    // The same clusters again (idle after a repaint): keep the state, so no render follows.
    setCounts((previous) =>
      previous.length === next.length && previous.every((c, i) => c.id === next[i]?.id) ? previous : next,
    );
  });
  return counts.map((cluster) => (
    <kit.Marker
      key={cluster.id}
      longitude={cluster.lng}
      latitude={cluster.lat}
      anchor="center"
      className="map-page__cluster-count"
    >
      <span aria-hidden="true">{format.number(cluster.count)}</span>
    </kit.Marker>
  ));
}

/** A labelled filter (label bound by id, so the select's name is the label alone, not its options' text). */
function FilterSelect(props: {
  label: string;
  any: string;
  value: string;
  onChange(value: string): void;
  options: readonly { value: string; label: string }[];
}) {
  const id = useId();
  return (
    <div className="map-page__filter">
      <label htmlFor={id}>{props.label}</label>
      <select id={id} value={props.value} onChange={(event) => props.onChange(event.target.value)}>
        <option value="">{props.any}</option>
        {props.options.map((option) => (
          <option key={option.value} value={option.value}>
            {option.label}
          </option>
        ))}
      </select>
    </div>
  );
}

function PopupContent({ id }: { id: string }) {
  const t = useMessages(messages);
  const { locale } = useLocale();
  const client = useApolloClient();
  const [cluster, setCluster] = useState<MapPopupQuery['cluster'] | undefined>(undefined);
  useEffect(() => {
    let live = true;
    void client
      .query({ query: MapPopupDocument, variables: { id, locale } })
      .then(({ data }) => live && setCluster(data?.cluster ?? null));
    return () => {
      live = false;
    };
  }, [client, id, locale]);
  if (cluster === undefined) return <p role="status">{t.loadingCluster}</p>;
  if (cluster === null) return <p>{t.failed}</p>;
  return (
    <div className="map-popup">
      <strong>{cluster.name}</strong>
      <div>
        {cluster.economy.name}
        {cluster.region ? ` · ${cluster.region}` : ''}
      </div>
      <Link to={`/clusters/${cluster.slug}`}>{t.openProfile}</Link>
    </div>
  );
}
