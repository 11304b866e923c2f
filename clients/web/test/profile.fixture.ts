const text = (en: string, ru?: string) => ({
  text: ({ locale }: { locale: string }) => (locale === 'ru' && ru) || en,
});

/** A published profile with every section, as the schema's resolvers answer it (test/profile*.test.tsx). */
export const cluster = {
  id: 'c1',
  slug: 'kazan-it',
  name: ({ locale }: { locale: string }) => (locale === 'ru' ? 'ИТ-кластер Казани' : 'Kazan IT cluster'),
  status: 'PUBLISHED',
  economyCode: 'RU',
  economy: { code: 'RU', name: ({ locale }: { locale: string }) => (locale === 'ru' ? 'Россия' : 'Russia') },
  region: 'Tatarstan',
  location: { lat: 55.8, lng: 49.1 },
  website: 'https://it.example',
  logoUrl: null,
  founded: 2012,
  employees: 12000,
  memberCount: 85,
  memberTypes: ['SME'],
  completeness: 0.9,
  publishedAt: '2026-01-10T00:00:00Z',
  updatedAt: '2026-11-05T00:00:00Z',
  lastVerifiedAt: null,
  mission: text('Grow software exports.', 'Развивать экспорт ПО.'),
  specializations: ['ICT'],
  keyMembers: [{ name: 'KFU', role: 'Research partner', type: 'UNIVERSITY' }],
  productsAndServices: text('Software, services'),
  internationalMemberships: [{ name: 'TCI Network', url: 'https://tci.example' }],
  management: { name: 'IT Park', structure: text('Board and directorate'), services: null },
  partnershipDestinations: ['CN', 'VN'],
  contacts: [
    {
      name: 'Anna',
      position: 'International manager',
      email: 'anna@it.example',
      phone: null,
      languages: ['en'],
      visibility: 'PUBLIC',
    },
    { name: 'Boris', position: null, email: null, phone: null, languages: [], visibility: 'REGISTERED' },
  ],
  successStories: [
    {
      title: text('Joint lab with Hanoi'),
      summary: null,
      year: 2025,
      international: true,
      partnerEconomies: ['VN'],
    },
  ],
  cooperationOffers: [
    {
      id: 'o1',
      kind: 'OFFER',
      title: { en: 'Pilot projects', ru: 'Пилотные проекты' },
      description: { en: 'For SMEs', ru: null },
      deadline: null,
      sectors: [],
    },
  ],
};

export const root = {
  cluster: ({ slug }: { slug: string }) => (slug === 'kazan-it' ? cluster : null),
  specializations: () => [
    { code: 'ICT', name: ({ locale }: { locale: string }) => (locale === 'ru' ? 'ИКТ' : 'ICT') },
  ],
};
