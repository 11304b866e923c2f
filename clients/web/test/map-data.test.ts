import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { Topology } from 'topojson-specification';
import { describe, expect, it } from 'vitest';
import {
  apecNumericIds,
  apecOutlines,
  boundsOf,
  economies,
  listOf,
  offlineStyle,
  pointsOf,
} from '../src/features/map/map-data';

const require = createRequire(import.meta.url);
const world = JSON.parse(readFileSync(require.resolve('world-atlas/countries-50m.json'), 'utf8')) as Topology;

describe('map data', () => {
  it('When the 50 m outlines are read, then exactly the 21 APEC economies are drawn, Singapore and Hong Kong included', () => {
    const outlines = apecOutlines(world);
    // Some economies have more than one Natural Earth unit (Australia's Ashmore and Cartier Islands share its id).
    const codes = [...new Set(outlines.features.map((f) => f.properties.code))].sort();

    expect(codes).toEqual(Object.keys(apecNumericIds).sort());
    expect(codes).toHaveLength(21);
    expect(codes).toContain('SG');
    expect(codes).toContain('HK');
    // Only the APEC code travels with an outline: no other country, no source name to label a border with.
    expect(outlines.features.every((f) => Object.keys(f.properties).join() === 'code')).toBe(true);
  });

  it('When an outline crosses the antimeridian (Russia, the United States), then no edge jumps across the world', () => {
    const outlines = apecOutlines(world);
    const rings = outlines.features
      .filter((f) => f.properties.code === 'RU' || f.properties.code === 'US')
      .flatMap((f) => (f.geometry.type === 'Polygon' ? f.geometry.coordinates : f.geometry.coordinates.flat()));
    const longest = Math.max(
      ...rings.flatMap((ring) => ring.slice(1).map((p, i) => Math.abs((p[0] ?? 0) - (ring[i]?.[0] ?? 0)))),
    );

    expect(rings.length).toBeGreaterThan(10);
    expect(longest).toBeLessThan(180);
    // Chukotka carries on east of 180°, as one piece with the rest of Russia.
    expect(rings.some((ring) => ring.some(([lng = 0]) => lng > 180))).toBe(true);
  });

  it('When economies are labelled, then APEC names come from the reference list in both languages', () => {
    const taipei = economies.find((e) => e.code === 'TW');
    expect(taipei?.name).toEqual({ en: 'Chinese Taipei', ru: 'Китайский Тайбэй' });
    expect(economies.find((e) => e.code === 'HK')?.name.en).toBe('Hong Kong, China');
  });

  it('When compact columns arrive, then each index becomes one GeoJSON point at lng/lat with its id and name', () => {
    const points = pointsOf({
      ids: ['a', 'b'],
      lat: [55.8, -33.9],
      lng: [49.1, 151.2],
      economyCodes: ['RU', 'AU'],
      names: ['Kazan', 'Sydney'],
    });

    expect(points.features).toEqual([
      {
        type: 'Feature',
        geometry: { type: 'Point', coordinates: [49.1, 55.8] },
        properties: { id: 'a', name: 'Kazan', economy: 'RU' },
      },
      {
        type: 'Feature',
        geometry: { type: 'Point', coordinates: [151.2, -33.9] },
        properties: { id: 'b', name: 'Sydney', economy: 'AU' },
      },
    ]);
  });

  it('When the style is built, then it needs nothing from the network: no tiles, sprites or glyphs', () => {
    const style = JSON.stringify(offlineStyle);
    expect(style).not.toMatch(/https?:|glyphs|sprite/);
    expect(Object.keys(offlineStyle.sources)).toHaveLength(0);
  });

  it('When a filtered result is framed, then the box spans its westmost to eastmost and south to north points', () => {
    expect(boundsOf({ lng: [-71.9, -77.0, 106.7], lat: [-13.5, -12.0, 10.8] })).toEqual([
      [-77.0, -13.5],
      [106.7, 10.8],
    ]);
    expect(boundsOf({ lng: [], lat: [] })).toBeNull();
  });

  it('When the list beside the map is built, then it names the first clusters by the locale order, with their places', () => {
    const columns = {
      ids: ['1', '2', '3'],
      lat: [1, 2, 3],
      lng: [10, 20, 30],
      economyCodes: ['PE', 'CL', 'RU'],
      names: ['Ёлка', 'Andes', 'Елабуга'],
    };
    const collator = new Intl.Collator('ru');

    const listed = listOf(columns, collator.compare, 2);

    // Russian order: Cyrillic before Latin, ё beside е.
    expect(listed).toEqual([
      { id: '3', name: 'Елабуга', economy: 'RU', lng: 30, lat: 3 },
      { id: '1', name: 'Ёлка', economy: 'PE', lng: 10, lat: 1 },
    ]);
  });

  it('When 10,000 clusters are listed, then the list holds the first 100 by name, in order, as a full sort would', () => {
    const names = Array.from({ length: 10_000 }, (_, i) => `Cluster ${(i * 7919) % 10_000}`);
    const columns = {
      ids: names.map((_, i) => String(i)),
      lat: names.map(() => 0),
      lng: names.map(() => 0),
      economyCodes: names.map(() => 'PE'),
      names,
    };
    const collator = new Intl.Collator('en', { numeric: true });

    const listed = listOf(columns, collator.compare, 100);

    expect(listed.map((c) => c.name)).toEqual([...names].sort(collator.compare).slice(0, 100));
  });
});
