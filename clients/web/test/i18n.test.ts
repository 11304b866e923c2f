import { describe, expect, it } from 'vitest';
import { messages as economies } from '../src/features/economies/messages';
import { messages as home } from '../src/features/home/messages';
import { messages as shell } from '../src/features/shell/messages';
import { formattersFor, interpolate, locales, preferredLocale } from '../src/i18n';

const bundles = { shell, home, economies };

describe('message bundles', () => {
  it('When the locale is Russian, then the UI strings are Russian', () => {
    expect(shell.ru.title).toBe('Платформа сотрудничества кластеров АТЭС');
    expect(economies.ru.gatewayUnreachable).toBe('Шлюз недоступен');
  });

  it('When any locale is chosen, then every string of every feature is translated rather than left empty or in English', () => {
    for (const [feature, bundle] of Object.entries(bundles)) {
      for (const locale of locales.filter((l) => l !== 'en')) {
        expect(Object.keys(bundle[locale]).sort(), `${feature}.${locale} keys`).toEqual(
          Object.keys(bundle.en).sort(),
        );
        for (const [key, value] of Object.entries(bundle[locale])) {
          expect(value, `${feature}.${locale}.${key}`).not.toBe('');
          expect(value, `${feature}.${locale}.${key}`).not.toBe(bundle.en[key as keyof typeof bundle.en]);
        }
      }
    }
  });

  it('When a template has placeholders, then they are filled and unknown ones kept', () => {
    expect(interpolate('As of {date} ({unknown})', { date: '6 Dec' })).toBe('As of 6 Dec ({unknown})');
  });
});

describe('formatters', () => {
  it('When numbers and dates are formatted, then each language uses its own conventions', () => {
    expect(formattersFor('en').number(12345.5)).toBe('12,345.5');
    expect(formattersFor('ru').number(12345.5)).toBe('12\u00a0345,5');
    expect(formattersFor('en').date('2026-12-06T10:00:00Z', { dateStyle: 'long', timeZone: 'UTC' })).toBe(
      'December 6, 2026',
    );
    expect(formattersFor('ru').date('2026-12-06T10:00:00Z', { dateStyle: 'long', timeZone: 'UTC' })).toBe(
      '6 декабря 2026 г.',
    );
    expect(formattersFor('ru').percent(0.25)).toBe('25\u00a0%');
  });
});

describe('preferredLocale', () => {
  it('When the browser prefers a regional Russian, then Russian is chosen', () => {
    expect(preferredLocale(['ru-RU', 'en-US'])).toBe('ru');
  });

  it('When an unsupported language comes first, then the first supported one is chosen', () => {
    expect(preferredLocale(['ja-JP', 'ru', 'en'])).toBe('ru');
  });

  it('When no preferred language is supported, then English is chosen', () => {
    expect(preferredLocale(['zh-CN', 'es'])).toBe('en');
    expect(preferredLocale([])).toBe('en');
  });
});
