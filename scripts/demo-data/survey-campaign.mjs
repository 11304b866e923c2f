// A demo internationalization campaign for the seed's Russian clusters, five of them answered, written through the
// gateway as the secretariat: KPI 2, the response rate and the results then have something to show. Idempotent: a
// campaign with this title is not created again, and submitting the same answers again changes nothing.

const TITLE = 'Cluster internationalization survey (demo)';
const CAMPAIGNS = `query Campaigns { campaigns(kind: INTERNATIONALIZATION, first: 200) { id title { en } status } }`;
const CREATE = `mutation Create($input: CreateCampaignInput!) { createCampaign(input: $input) { id } }`;
const OPEN = `mutation Open($id: ID!) { openCampaign(id: $id) { id status } }`;
const SUBMIT = `mutation Submit($c: ID!, $k: ID!, $a: [AnswerInput!]) {
  submitResponse(campaignId: $c, clusterId: $k, answers: $a) { status }
}`;

/** Answers to internationalization-v1, varied per cluster (as JSON, the way AnswerInput encodes them). */
function answers(i) {
  const stages = ['exploring', 'occasional', 'established', 'occasional', 'exploring'];
  const economies = [['CN', 'VN'], ['CN', 'KR'], ['JP', 'KR'], ['CN', 'TH'], ['VN', 'MY']];
  const barriers = [
    ['overseas-market-knowledge', 'vague-projects'],
    ['overseas-market-knowledge', 'financial-resources'],
    ['business-practices', 'legal-differences'],
    ['staff', 'technological-differences'],
    ['vague-projects', 'business-practices'],
  ];
  return [
    { questionId: 'international-stage', value: JSON.stringify(stages[i % 5]) },
    { questionId: 'internationalization-strategy', value: String(i % 2 === 0) },
    { questionId: 'priority-economies', value: JSON.stringify(economies[i % 5]) },
    { questionId: 'market-knowledge', value: JSON.stringify(['none', 'basic', 'good'][i % 3]) },
    { questionId: 'international-memberships', value: String(i % 3 === 0) },
    { questionId: 'cooperation-forms', value: i % 2 ? '["joint-rd","education"]' : '["trade","technology-transfer"]' },
    { questionId: 'barriers', value: JSON.stringify(barriers[i % 5]) },
    { questionId: 'support-needs', value: '["partner-search"]' },
  ];
}

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/** `clusterIds`: published demo clusters to ask; all but the last answer. */
export async function seedSurveyCampaign(graphql, clusterIds) {
  if (clusterIds.length === 0) return { campaign: false, responses: 0 };
  const { campaigns } = await graphql(CAMPAIGNS);
  if (campaigns.some((c) => c.title.en === TITLE)) return { campaign: false, responses: 0 };
  const now = Date.now();
  const { createCampaign } = await graphql(CREATE, {
    input: {
      questionnaireId: 'internationalization-v1',
      title: { en: TITLE, ru: 'Опрос об интернационализации кластеров (демо)' },
      audience: { clusterIds },
      opensAt: new Date(now).toISOString(),
      closesAt: new Date(now + 90 * 86_400_000).toISOString(),
    },
  });
  // Surveys learns of the just-published clusters from registry's events: opening waits until it knows them.
  for (let attempt = 0; ; attempt++) {
    try {
      await graphql(OPEN, { id: createCampaign.id });
      break;
    } catch (err) {
      if (attempt >= 60) throw err;
      await sleep(1000);
    }
  }
  let responses = 0;
  for (const [i, clusterId] of clusterIds.slice(0, -1).entries()) {
    await graphql(SUBMIT, { c: createCampaign.id, k: clusterId, a: answers(i) });
    responses++;
  }
  return { campaign: true, responses };
}
