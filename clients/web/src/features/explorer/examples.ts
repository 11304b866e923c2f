/** Example queries the explorer opens with, one tab each (all checked against the API schema by the tests). */
export const exampleQueries: ReadonlyArray<{ title: string; query: string; variables?: string }> = [
  {
    title: 'Economies',
    query: `# The 21 APEC economies with their published clusters, in Russian names.
query Economies {
  economies {
    code
    name(locale: "ru")
    clusterCount
  }
}
`,
  },
  {
    title: 'Clusters',
    query: `# Published clusters of an economy with a specialization, newest first.
query Clusters($filter: ClusterFilter) {
  clusters(filter: $filter, first: 10) {
    totalCount
    nodes {
      slug
      name(locale: "en")
      economyCode
      specializations
    }
  }
}
`,
    variables: '{ "filter": { "economies": ["RU"] } }',
  },
  {
    title: 'KPIs',
    query: `# The five Blueprint KPIs APEC-wide and by economy in a year, against targets.
query Kpis($year: Int) {
  kpis(year: $year) {
    kpi
    economy { code }
    value
    target
    progress
    breakdown { gender sector outcome value }
  }
}
`,
    variables: '{ "year": 2026 }',
  },
  {
    title: 'Monitoring report',
    query: `# The yearly monitoring report, compared with an earlier year.
query Report($year: Int!, $compareWith: Int) {
  monitoringReport(year: $year, compareWith: $compareWith) {
    generatedAt
    figures(economy: "APEC") { kpi value target progress }
    comparison { changes(economy: "APEC") { kpi from to change changePct } }
  }
}
`,
    variables: '{ "year": 2026, "compareWith": 2025 }',
  },
  {
    title: 'Economy statistics',
    query: `# An economy's statistics by year.
query EconomyByYear($code: ID!) {
  economy(code: $code) {
    name
    statisticsByYear(from: 2022, to: 2026) {
      year
      publishedClusters
      members
      internationalMemberships
    }
  }
}
`,
    variables: '{ "code": "VN" }',
  },
];
