import type { IncomingMessage, ServerResponse } from 'node:http';
import { ErrorCode, type ServiceRoute, sendJson } from '@ccp/kit';
import type { KpiDeps } from '../domain/kpis.js';
import { type MonitoringReport, monitoringReport } from '../domain/report.js';
import { monitoringCsv } from './report-csv.js';
import { MONITORING_HTML_CSP, monitoringHtml, REPORT_LANGUAGES, type ReportLanguage } from './report-html.js';

/** Public (KPIs are public): the gateway serves them as `/reports/monitoring.{json,csv,html}`. */
export const MONITORING_REPORT_PATHS = {
  json: '/public/reports/monitoring.json',
  csv: '/public/reports/monitoring.csv',
  html: '/public/reports/monitoring.html',
} as const;

type Format = keyof typeof MONITORING_REPORT_PATHS;

/** The query parameters, as the domain names them. */
const PARAMETER_OF: Record<string, string> = { year: 'year', compareWith: 'compare' };

class BadParameter extends Error {
  constructor(
    readonly field: string,
    message: string,
  ) {
    super(message);
  }
}

function single(url: URL, name: string): string | undefined {
  const values = url.searchParams.getAll(name);
  if (values.length > 1) throw new BadParameter(name, `${name} must be given once`);
  return values[0];
}

function yearParameter(url: URL, name: string, required: boolean): number | undefined {
  const raw = single(url, name);
  if (raw === undefined || raw === '') {
    if (required) throw new BadParameter(name, `${name} is required, e.g. ?${name}=2026`);
    return undefined;
  }
  if (!/^\d{1,4}$/.test(raw)) throw new BadParameter(name, `${name} must be a year, e.g. 2026`);
  return Number(raw);
}

function languageParameter(url: URL): ReportLanguage {
  const raw = single(url, 'lang') ?? 'en';
  if (!(REPORT_LANGUAGES as readonly string[]).includes(raw)) {
    throw new BadParameter('lang', `lang must be one of ${REPORT_LANGUAGES.join(', ')}`);
  }
  return raw as ReportLanguage;
}

/** The kit's BAD_USER_INPUT, recognized by shape (the GraphQLError class may come from another copy of graphql). */
function badInput(err: unknown): BadParameter | null {
  if (!(err instanceof Error) || !('extensions' in err)) return null;
  const extensions = (err as { extensions?: { code?: string; field?: string } }).extensions ?? {};
  if (extensions.code !== ErrorCode.BadUserInput) return null;
  const field = PARAMETER_OF[extensions.field ?? ''] ?? extensions.field ?? 'query';
  // The domain says `compareWith`; the URL says `compare`.
  return new BadParameter(field, err.message.replace('compareWith', 'compare'));
}

const fileName = (report: MonitoringReport, ext: string) =>
  `apec-ccp-monitoring-${report.year}${report.comparison ? `-vs-${report.comparison.fromYear}` : ''}.${ext}`;

interface Rendered {
  type: string;
  body: string;
  csp?: string;
  disposition?: string;
}

function render(format: Format, report: MonitoringReport, lang: ReportLanguage): Rendered {
  switch (format) {
    case 'json':
      return { type: 'application/json; charset=utf-8', body: JSON.stringify(report) };
    case 'csv':
      return {
        type: 'text/csv; charset=utf-8; header=present',
        body: monitoringCsv(report),
        disposition: `attachment; filename="${fileName(report, 'csv')}"`,
      };
    case 'html':
      return {
        type: 'text/html; charset=utf-8',
        body: monitoringHtml(report, lang),
        csp: MONITORING_HTML_CSP,
      };
  }
}

/**
 * `GET|HEAD /public/reports/monitoring.{json,csv,html}?year=2026[&compare=2024][&lang=en|ru]`: the monitoring
 * report of a year, optionally compared with another. A bad parameter is 400 `{error, field}`.
 */
export function monitoringReportRoutes(deps: Pick<KpiDeps, 'figures'>): Record<string, ServiceRoute> {
  const route = (format: Format): ServiceRoute => ({
    public: true,
    async handle(req: IncomingMessage, res: ServerResponse) {
      res.setHeader('x-content-type-options', 'nosniff');
      if (req.method !== 'GET' && req.method !== 'HEAD') {
        res.setHeader('allow', 'GET, HEAD');
        return sendJson(res, 405, { error: `${req.method} is not supported here; use GET` });
      }
      const url = new URL(req.url ?? '/', 'http://localhost');
      let report: MonitoringReport;
      let lang: ReportLanguage = 'en';
      try {
        const year = yearParameter(url, 'year', true) as number;
        const compareWith = yearParameter(url, 'compare', false);
        if (format === 'html') lang = languageParameter(url);
        report = await monitoringReport(deps, { year, compareWith });
      } catch (err) {
        const bad = err instanceof BadParameter ? err : badInput(err);
        if (!bad) throw err;
        res.setHeader('cache-control', 'no-store');
        return sendJson(res, 400, { error: bad.message, field: bad.field });
      }
      const { type, body, csp, disposition } = render(format, report, lang);
      const bytes = Buffer.from(body, 'utf8');
      res.statusCode = 200;
      res.setHeader('content-type', type);
      res.setHeader('content-length', String(bytes.length));
      // Figures move as events arrive; a minute of caching spares the store a crowd of readers.
      res.setHeader('cache-control', 'public, max-age=60');
      res.setHeader('content-security-policy', csp ?? "default-src 'none'");
      if (disposition) res.setHeader('content-disposition', disposition);
      res.end(req.method === 'HEAD' ? undefined : bytes);
    },
  });
  return {
    [MONITORING_REPORT_PATHS.json]: route('json'),
    [MONITORING_REPORT_PATHS.csv]: route('csv'),
    [MONITORING_REPORT_PATHS.html]: route('html'),
  };
}
