// Demo economy pages (support measures, institutions, officials) and publications, written through the gateway
// as the secretariat. Idempotent: a page that already has content is left alone (a coordinator may have edited
// it), and a publication whose title exists is not written again.
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const PAGE = `query Page($code: ID!) { economy(code: $code) { supportMeasures { id } institutions { id } officials { id } } }`;
const UPDATE_PAGE = `mutation Page($code: ID!, $input: EconomyPageInput!) { updateEconomyPage(code: $code, input: $input) { code version } }`;
const TITLES = `query Titles($status: PublicationStatus, $after: String) {
  publications(status: $status, first: 100, after: $after) { nodes { title } pageInfo { hasNextPage endCursor } }
}`;
const CREATE = `mutation Publication($input: PublicationInput!) { createPublication(input: $input) { id } }`;

async function existingTitles(graphql) {
  const titles = new Set();
  for (const status of ['PUBLISHED', 'DRAFT']) {
    let after = null;
    do {
      const { publications } = await graphql(TITLES, { status, after });
      for (const p of publications.nodes) titles.add(p.title);
      after = publications.pageInfo.hasNextPage ? publications.pageInfo.endCursor : null;
    } while (after);
  }
  return titles;
}

/** `graphql(query, variables)` calls the gateway with the secretariat's token. */
export async function seedEconomyPages(graphql) {
  const { pages, publications } = JSON.parse(
    readFileSync(join(dirname(fileURLToPath(import.meta.url)), 'economy-pages.json'), 'utf8'),
  );
  let pagesWritten = 0;
  for (const [code, input] of Object.entries(pages)) {
    const { economy } = await graphql(PAGE, { code });
    if (economy.supportMeasures.length || economy.institutions.length || economy.officials.length) continue;
    await graphql(UPDATE_PAGE, { code, input });
    pagesWritten++;
  }
  const titles = await existingTitles(graphql);
  let publicationsWritten = 0;
  for (const input of publications) {
    if (titles.has(input.title)) continue;
    await graphql(CREATE, { input });
    publicationsWritten++;
  }
  return { pages: pagesWritten, publications: publicationsWritten };
}
