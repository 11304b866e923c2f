import { describe, expect, it } from 'vitest';
import { locales, messagesFor, preferredLocale } from '../src/i18n';

describe('i18n dictionary', () => {
  it('When the locale is Russian, then the UI strings are Russian', () => {
    const messages = messagesFor('ru');

    expect(messages.title).toBe('Платформа сотрудничества кластеров АТЭС');
    expect(messages.gatewayUnreachable).toBe('Шлюз недоступен');
    expect(messages.totalPublishedClusters).toBe('Всего опубликованных кластеров');
  });

  it('When the locale is English, then the header reads the platform name', () => {
    expect(messagesFor('en').title).toBe('APEC Cluster Collaboration Platform');
  });

  it('When any locale is chosen, then every string is translated rather than left empty or in English', () => {
    const english = messagesFor('en');
    for (const locale of locales.filter((l) => l !== 'en')) {
      const messages = messagesFor(locale);
      for (const [key, value] of Object.entries(messages)) {
        expect(value, `${locale}.${key}`).not.toBe('');
        expect(value, `${locale}.${key}`).not.toBe(english[key as keyof typeof english]);
      }
    }
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
