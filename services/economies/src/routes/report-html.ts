import { createHash } from 'node:crypto';
import { referenceEconomies } from '@ccp/kit';
import type { FigureChange, MonitoringReport, ReportFigure } from '../domain/report.js';

export const REPORT_LANGUAGES = ['en', 'ru'] as const;
export type ReportLanguage = (typeof REPORT_LANGUAGES)[number];

const TEXT = {
  en: {
    title: (year: number) => `Blueprint monitoring report ${year}`,
    platform: 'APEC Cluster Collaboration Platform',
    generated: 'Generated',
    comparedWith: (year: number) => `compared with ${year}`,
    economy: 'Economy',
    apec: 'APEC (all economies)',
    value: (year: number) => `Value ${year}`,
    target: 'Target',
    progress: 'Progress',
    change: 'Change',
    changePct: 'Change, %',
    breakdown: 'Breakdown, APEC-wide',
    part: 'Part',
    count: 'Count',
    kpi: (n: number | null) => (n === null ? 'KPI' : `KPI ${n}`),
    note: 'Figures are counted from what happens on the platform (its events). Progress is the value divided by the target; a dash means no target is set. Change is the report year minus the compared year.',
  },
  ru: {
    title: (year: number) => `Отчёт о мониторинге Blueprint за ${year} год`,
    platform: 'Платформа сотрудничества кластеров АТЭС',
    generated: 'Сформирован',
    comparedWith: (year: number) => `в сравнении с ${year} годом`,
    economy: 'Экономика',
    apec: 'АТЭС (все экономики)',
    value: (year: number) => `Значение ${year}`,
    target: 'Цель',
    progress: 'Выполнение',
    change: 'Изменение',
    changePct: 'Изменение, %',
    breakdown: 'Разбивка по АТЭС в целом',
    part: 'Часть',
    count: 'Число',
    kpi: (n: number | null) => (n === null ? 'КПЭ' : `КПЭ ${n}`),
    note: 'Показатели подсчитываются по тому, что происходит на платформе (по её событиям). Выполнение — значение, делённое на цель; прочерк означает, что цель не задана. Изменение — год отчёта минус год сравнения.',
  },
} satisfies Record<ReportLanguage, unknown>;

const STYLE = `
:root { color-scheme: light; }
* { box-sizing: border-box; }
body { font: 14px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, "Noto Sans", sans-serif; color: #1b1f24; margin: 2rem auto; max-width: 60rem; padding: 0 1rem; }
h1 { font-size: 1.6rem; margin: 0 0 .25rem; }
h2 { font-size: 1.15rem; margin: 2rem 0 .25rem; border-bottom: 2px solid #0b4f8a; padding-bottom: .2rem; }
h3 { font-size: 1rem; margin: 1rem 0 .25rem; }
.meta, .definition, .note { color: #4a5361; margin: .25rem 0 .75rem; }
table { border-collapse: collapse; width: 100%; font-variant-numeric: tabular-nums; }
th, td { padding: .25rem .5rem; border-bottom: 1px solid #d8dde3; text-align: right; }
th:first-child, td:first-child { text-align: left; }
thead th { background: #eef3f8; font-weight: 600; }
tr.total th, tr.total td { font-weight: 700; background: #f7f9fb; }
table.breakdown { width: auto; min-width: 18rem; }
footer { margin-top: 2rem; font-size: .85rem; }
@media print {
  @page { size: A4; margin: 14mm; }
  body { margin: 0; max-width: none; padding: 0; font-size: 10pt; }
  h2 { break-after: avoid; }
  section { break-inside: avoid-page; }
  thead { display: table-header-group; }
  tr { break-inside: avoid; }
  thead th, tr.total th, tr.total td { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
}
`;

/** The page's only style is this one element, so a CSP can allow exactly it (no inline style attributes). */
export const MONITORING_HTML_CSP = `default-src 'none'; style-src 'sha256-${createHash('sha256').update(STYLE).digest('base64')}'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'`;

const ESCAPES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};
export const escapeHtml = (text: string | number) => String(text).replace(/[&<>"']/g, (c) => ESCAPES[c] ?? c);

const MINUS = '\u2212';
const DASH = '\u2014';

function formats(lang: ReportLanguage) {
  const integer = new Intl.NumberFormat(lang, { maximumFractionDigits: 0 });
  const percent = new Intl.NumberFormat(lang, { style: 'percent', maximumFractionDigits: 1 });
  const decimal = new Intl.NumberFormat(lang, { maximumFractionDigits: 1 });
  const signed = (n: number, text: string) =>
    n > 0 ? `+${text}` : n < 0 ? `${MINUS}${text.replace(/^[-\u2212]/, '')}` : text;
  return {
    count: (n: number | null) => (n === null ? DASH : integer.format(n)),
    progress: (p: number | null) => (p === null ? DASH : percent.format(p)),
    change: (n: number) => signed(n, integer.format(n)),
    changePct: (p: number | null) => (p === null ? DASH : signed(p, decimal.format(p))),
  };
}

/**
 * The report as one printable, self-contained HTML page: inline CSS (with print rules), no script, no external
 * asset; one table per KPI, APEC-wide first, economies named as APEC names them in the page's language; every
 * text escaped.
 */
export function monitoringHtml(report: MonitoringReport, lang: ReportLanguage = 'en'): string {
  const t = TEXT[lang];
  const f = formats(lang);
  const names = new Map(
    referenceEconomies().map((e) => [e.code, (lang === 'ru' ? e.name.ru : undefined) ?? e.name.en]),
  );
  const comparison = report.comparison;
  const title = t.title(report.year);
  const generated = `${t.generated} ${report.generatedAt.slice(0, 10)}`;
  const meta = [t.platform, generated, ...(comparison ? [t.comparedWith(comparison.fromYear)] : [])].join(
    ' · ',
  );

  const cells = (figure: ReportFigure, change: FigureChange | undefined) =>
    [
      f.count(figure.value),
      f.count(figure.target),
      f.progress(figure.progress),
      ...(comparison
        ? [f.count(change?.from ?? 0), f.change(change?.change ?? 0), f.changePct(change?.changePct ?? null)]
        : []),
    ]
      .map((c) => `<td>${escapeHtml(c)}</td>`)
      .join('');

  const sections = report.kpis.map((kpi) => {
    const changes = comparison?.kpis.find((c) => c.kpi === kpi.kpi);
    const heading = `${t.kpi(kpi.number)}. ${kpi.label[lang]}`;
    const head = [
      t.economy,
      t.value(report.year),
      t.target,
      t.progress,
      ...(comparison ? [String(comparison.fromYear), t.change, t.changePct] : []),
    ]
      .map((h) => `<th scope="col">${escapeHtml(h)}</th>`)
      .join('');
    const rows = [
      `<tr class="total"><th scope="row">${escapeHtml(t.apec)}</th>${cells(kpi.apec, changes?.apec)}</tr>`,
      ...kpi.economies.map(
        (e) =>
          `<tr><th scope="row">${escapeHtml(names.get(e.economy) ?? e.name)}</th>${cells(
            e,
            changes?.economies.find((c) => c.economy === e.economy),
          )}</tr>`,
      ),
    ].join('\n');
    const breakdown = kpi.apec.breakdown?.length
      ? `<h3>${escapeHtml(t.breakdown)}</h3><table class="breakdown"><thead><tr><th scope="col">${escapeHtml(t.part)}</th><th scope="col">${escapeHtml(t.count)}</th></tr></thead><tbody>${kpi.apec.breakdown
          .map(
            (b) =>
              `<tr><th scope="row">${escapeHtml(b.key)}</th><td>${escapeHtml(f.count(b.value))}</td></tr>`,
          )
          .join('')}</tbody></table>`
      : '';
    const definition = kpi.definition ? `<p class="definition">${escapeHtml(kpi.definition[lang])}</p>` : '';
    return `<section id="${escapeHtml(kpi.kpi.toLowerCase())}">
<h2>${escapeHtml(heading)}</h2>
${definition}
<table>
<thead><tr>${head}</tr></thead>
<tbody>
${rows}
</tbody>
</table>
${breakdown}
</section>`;
  });

  return `<!doctype html>
<html lang="${lang}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(`${title} — ${t.platform}`)}</title>
<style>${STYLE}</style>
</head>
<body>
<header>
<h1>${escapeHtml(title)}</h1>
<p class="meta">${escapeHtml(meta)}</p>
</header>
<main>
${sections.join('\n')}
</main>
<footer><p class="note">${escapeHtml(t.note)}</p></footer>
</body>
</html>
`;
}
