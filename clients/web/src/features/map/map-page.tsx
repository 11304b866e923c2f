import { useApolloClient, useQuery } from '@apollo/client/react';
import { setWorkerUrl } from 'maplibre-gl';
import workerUrl from 'maplibre-gl/dist/maplibre-gl-worker.mjs?url';
import 'maplibre-gl/dist/maplibre-gl.css';
import { type FormEvent, useEffect, useId, useLayoutEffect, useMemo, useRef, useState } from 'react';
import MapView, {
  Layer,
  type MapLayerMouseEvent,
  type MapRef,
  Marker,
  NavigationControl,
  Popup,
  Source,
} from 'react-map-gl/maplibre';
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
import { apecOutlines, economies, offlineStyle, pointsOf } from './map-data';
import { messages } from './messages';
import './map.css';

// Vite bundles maplibre into a chunk of its own, so the worker is not next to it: point maplibre at the
// worker file Vite emits (served from our origin, like everything else).
setWorkerUrl(workerUrl);

const statuses: readonly ClusterStatus[] = ['PUBLISHED', 'SUBMITTED', 'DRAFT', 'RETURNED', 'ARCHIVED'];

function useOutlines() {
  const [outlines, setOutlines] = useState<ReturnType<typeof apecOutlines> | null>(null);
  useEffect(() => {
    let live = true;
    void fetch(worldUrl)
      .then((response) => response.json() as Promise<Topology>)
      .then((topology) => live && setOutlines(apecOutlines(topology)));
    return () => {
      live = false;
    };
  }, []);
  return outlines;
}

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
  const outlines = useOutlines();
  const map = useRef<MapRef>(null);
  // The points the map has drawn and gone idle with: `data-map-state` is "idle" only once maplibre fires
  // 'idle' after the current points reached the clustered source (react-map-gl's <Source> calls setData while
  // rendering, so a layout effect runs before any frame can draw them), and "loading" again while data reloads.
  const [idleWith, setIdleWith] = useState<typeof points>(null);
  const shown = useRef(points);
  useLayoutEffect(() => {
    shown.current = points;
    setIdleWith(null);
  }, [points]);
  function onIdle() {
    const instance = map.current?.getMap();
    if (shown.current && instance?.getSource('clusters') && instance.isSourceLoaded('clusters')) {
      setIdleWith(shown.current);
    }
  }
  const [selected, setSelected] = useState<{ id: string; lng: number; lat: number } | null>(null);

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
      const source = map.current?.getMap().getSource('clusters') as
        | { getClusterExpansionZoom(id: number): Promise<number> }
        | undefined;
      const zoom = await source?.getClusterExpansionZoom(clusterId);
      if (zoom !== undefined) map.current?.easeTo({ center: [lng, lat], zoom });
      return;
    }
    setSelected({ id: String(target.properties?.id), lng, lat });
  }

  const textId = useId();
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
        <label>
          {t.economy}
          <select
            value={params.get('economy') ?? ''}
            onChange={(event) => set('economy', event.target.value)}
          >
            <option value="">{t.any}</option>
            {[...economies]
              .sort((a, b) => format.compare(a.name[locale], b.name[locale]))
              .map((economy) => (
                <option key={economy.code} value={economy.code}>
                  {economy.name[locale]}
                </option>
              ))}
          </select>
        </label>
        <label>
          {t.specialization}
          <select value={params.get('spec') ?? ''} onChange={(event) => set('spec', event.target.value)}>
            <option value="">{t.any}</option>
            {vocabulary.data?.specializations.map((specialization) => (
              <option key={specialization.code} value={specialization.code}>
                {specialization.name}
              </option>
            ))}
          </select>
        </label>
        {sessionToken() ? (
          <label>
            {t.status}
            <select
              value={params.get('status') ?? ''}
              onChange={(event) => set('status', event.target.value)}
            >
              <option value="">{t.any}</option>
              {statuses.map((status) => (
                <option key={status} value={status}>
                  {t[status]}
                </option>
              ))}
            </select>
          </label>
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
      >
        <MapView
          ref={map}
          initialViewState={{ longitude: 150, latitude: 20, zoom: 1.3 }}
          mapStyle={offlineStyle}
          interactiveLayerIds={['clusters', 'points']}
          onClick={(event) => void click(event)}
          onIdle={onIdle}
          attributionControl={{ compact: true, customAttribution: 'Natural Earth' }}
          cursor="pointer"
        >
          <NavigationControl showCompass={false} />
          {outlines ? (
            <Source id="outlines" type="geojson" data={outlines}>
              <Layer id="outline-fill" type="fill" paint={{ 'fill-color': '#f6f3ea', 'fill-opacity': 1 }} />
              <Layer id="outline-line" type="line" paint={{ 'line-color': '#8a94a6', 'line-width': 0.6 }} />
            </Source>
          ) : null}
          {economies.map((economy) => (
            <Marker
              key={economy.code}
              longitude={economy.centroid.lng}
              latitude={economy.centroid.lat}
              anchor="center"
            >
              <span className="map-page__label" lang={locale}>
                {economy.name[locale]}
              </span>
            </Marker>
          ))}
          {points ? (
            <Source id="clusters" type="geojson" data={points} cluster clusterRadius={45} clusterMaxZoom={11}>
              <Layer
                id="clusters"
                type="circle"
                filter={['has', 'point_count']}
                paint={{
                  'circle-color': '#0b5cab',
                  'circle-opacity': 0.75,
                  'circle-stroke-color': '#ffffff',
                  'circle-stroke-width': 1.5,
                  'circle-radius': ['step', ['get', 'point_count'], 10, 10, 14, 100, 19, 1000, 25],
                }}
              />
              <Layer
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
            </Source>
          ) : null}
          {selected ? (
            <Popup
              longitude={selected.lng}
              latitude={selected.lat}
              onClose={() => setSelected(null)}
              closeButton
              maxWidth="18rem"
            >
              <PopupContent id={selected.id} />
            </Popup>
          ) : null}
        </MapView>
      </section>
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
