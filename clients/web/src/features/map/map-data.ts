import type { Feature, FeatureCollection, MultiPolygon, Point, Polygon, Position } from 'geojson';
import { feature } from 'topojson-client';
import type { GeometryCollection, Topology } from 'topojson-specification';
import reference from '../../../../../schemas/reference/economies.json';
import type { Locale } from '../../i18n';

/** ISO 3166-1 numeric ids (as world-atlas keys its countries) of the 21 APEC economies. */
export const apecNumericIds: Readonly<Record<string, string>> = {
  AU: '036',
  BN: '096',
  CA: '124',
  CL: '152',
  CN: '156',
  HK: '344',
  ID: '360',
  JP: '392',
  KR: '410',
  MY: '458',
  MX: '484',
  NZ: '554',
  PG: '598',
  PE: '604',
  PH: '608',
  RU: '643',
  SG: '702',
  TW: '158',
  TH: '764',
  US: '840',
  VN: '704',
};

export interface ReferenceEconomy {
  code: string;
  name: Record<Locale, string>;
  centroid: { lat: number; lng: number };
}

export const economies: readonly ReferenceEconomy[] = reference.economies as ReferenceEconomy[];

/**
 * The APEC economies' outlines from Natural Earth 50 m (world-atlas), each tagged with its APEC code only:
 * no other country is drawn and no border is labelled, so the map makes no boundary claim of its own.
 */
export function apecOutlines(
  topology: Topology,
): FeatureCollection<Polygon | MultiPolygon, { code: string }> {
  const byId = new Map(Object.entries(apecNumericIds).map(([code, id]) => [id, code]));
  const countries = topology.objects.countries as GeometryCollection;
  const features: Array<Feature<Polygon | MultiPolygon, { code: string }>> = [];
  for (const geometry of countries.geometries) {
    const code = byId.get(String(geometry.id));
    if (!code) continue;
    const shape = feature(topology, geometry) as Feature<Polygon | MultiPolygon>;
    features.push({ type: 'Feature', geometry: continuous(shape.geometry), properties: { code } });
  }
  return { type: 'FeatureCollection', features };
}

/**
 * world-atlas is drawn on the sphere by d3, so a ring may step across the antimeridian (Chukotka, the Aleutians:
 * 179.9° to -179.9°). On a flat map that step is a line around the world; carrying the longitudes on past ±180
 * keeps the ring whole (maplibre wraps what lies beyond into the next copy of the world).
 */
function continuous(geometry: Polygon | MultiPolygon): Polygon | MultiPolygon {
  const ring = (positions: Position[]): Position[] => {
    let offset = 0;
    return positions.map(([lng = 0, lat = 0], i) => {
      const previous = positions[i - 1]?.[0];
      if (previous !== undefined && lng - previous > 180) offset -= 360;
      else if (previous !== undefined && lng - previous < -180) offset += 360;
      return [lng + offset, lat];
    });
  };
  return geometry.type === 'Polygon'
    ? { type: 'Polygon', coordinates: geometry.coordinates.map(ring) }
    : { type: 'MultiPolygon', coordinates: geometry.coordinates.map((polygon) => polygon.map(ring)) };
}

export interface MapColumns {
  ids: readonly string[];
  lat: readonly number[];
  lng: readonly number[];
  economyCodes: readonly string[];
  names: readonly string[];
}

export type PointProperties = { id: string; name: string; economy: string };

/** The query's compact columns as GeoJSON points for a clustered source (one pass, no per-point objects kept). */
export function pointsOf(columns: MapColumns): FeatureCollection<Point, PointProperties> {
  const features = new Array<Feature<Point, PointProperties>>(columns.ids.length);
  for (let i = 0; i < columns.ids.length; i++) {
    features[i] = {
      type: 'Feature',
      geometry: { type: 'Point', coordinates: [columns.lng[i] ?? 0, columns.lat[i] ?? 0] },
      properties: {
        id: columns.ids[i] ?? '',
        name: columns.names[i] ?? '',
        economy: columns.economyCodes[i] ?? '',
      },
    };
  }
  return { type: 'FeatureCollection', features };
}

/** The box around the points as [[west, south], [east, north]], or null when there are none. */
export function boundsOf(
  columns: Pick<MapColumns, 'lat' | 'lng'>,
): [[number, number], [number, number]] | null {
  if (columns.lng.length === 0) return null;
  let west = 180;
  let east = -180;
  let south = 90;
  let north = -90;
  for (let i = 0; i < columns.lng.length; i++) {
    const lng = columns.lng[i] ?? 0;
    const lat = columns.lat[i] ?? 0;
    if (lng < west) west = lng;
    if (lng > east) east = lng;
    if (lat < south) south = lat;
    if (lat > north) north = lat;
  }
  return [
    [west, south],
    [east, north],
  ];
}

export interface ListedCluster {
  id: string;
  name: string;
  economy: string;
  lng: number;
  lat: number;
}

/**
 * The first `limit` points by name: the keyboard's and screen reader's way to the map's clusters. A bounded
 * insertion (mostly one comparison a point) instead of sorting them all: 10,000 names take ~100 ms to sort.
 */
export function listOf(
  columns: MapColumns,
  compare: (a: string, b: string) => number,
  limit: number,
): ListedCluster[] {
  const name = (i: number) => columns.names[i] ?? '';
  const top: number[] = [];
  for (let i = 0; i < columns.ids.length; i++) {
    const last = top[top.length - 1];
    if (top.length >= limit && (last === undefined || compare(name(i), name(last)) >= 0)) continue;
    let low = 0;
    let high = top.length;
    while (low < high) {
      const middle = (low + high) >> 1;
      if (compare(name(top[middle] ?? 0), name(i)) <= 0) low = middle + 1;
      else high = middle;
    }
    top.splice(low, 0, i);
    if (top.length > limit) top.pop();
  }
  return top.map((i) => ({
    id: columns.ids[i] ?? '',
    name: name(i),
    economy: columns.economyCodes[i] ?? '',
    lng: columns.lng[i] ?? 0,
    lat: columns.lat[i] ?? 0,
  }));
}

/**
 * Offline map style: a background only, no remote tiles, sprites or glyphs. Outlines and points are GeoJSON
 * sources added by the page; labels and popups are HTML.
 */
export const offlineStyle = {
  version: 8 as const,
  sources: {},
  layers: [{ id: 'background', type: 'background' as const, paint: { 'background-color': '#dce9f5' } }],
};
