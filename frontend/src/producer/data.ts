// Coverage through the API: the dashboard's reads (the filtered coverage and
// the upcoming-days strip), the CSV download and the paths of the coverage
// screens.
import { api } from '../api/client';
import { call, networkProblem, toProblem, type Result } from '../api/problem';
import type { Coverage } from '../api/types';
import { filenameFromDisposition, saveBlob } from '../shared/download';
import { stripRequestRange } from './days';
import { filtersQuery, type CoverageFilters } from './filters';

/** A date range on call times, in the production's time zone (either end may be open). */
export interface DateRange {
  from: string | null;
  to: string | null;
}

function rangeQuery(r: DateRange): { from?: string; to?: string } {
  return { ...(r.from ? { from: r.from } : {}), ...(r.to ? { to: r.to } : {}) };
}

/** Reads a production's coverage for a date range. */
export function loadCoverage(productionId: string, range: DateRange): Promise<Result<Coverage>> {
  return call(api.GET('/api/v1/productions/{productionId}/coverage', { params: { path: { productionId }, query: rangeQuery(range) } }));
}

/** What the dashboard shows: the coverage for its filters, and the coverage the day strip is drawn from. */
export interface DashboardData {
  coverage: Coverage;
  /** Covers at least the strip's days (the same object when no date range is set). */
  strip: Coverage;
}

/** Loads the dashboard: one request without a date range, else the range and the strip's days side by side. */
export async function loadDashboard(productionId: string, range: DateRange, now: number): Promise<Result<DashboardData>> {
  if (!range.from && !range.to) {
    const all = await loadCoverage(productionId, range);
    return all.ok ? { ok: true, data: { coverage: all.data, strip: all.data } } : all;
  }
  const [coverage, strip] = await Promise.all([loadCoverage(productionId, range), loadCoverage(productionId, stripRequestRange(now))]);
  if (!coverage.ok) return coverage;
  if (!strip.ok) return strip;
  return { ok: true, data: { coverage: coverage.data, strip: strip.data } };
}

/**
 * Downloads the coverage CSV for a date range. The endpoint needs the access
 * token, so the file is fetched with it and saved under the name the server
 * gives in Content-Disposition.
 */
export async function downloadCoverageCsv(productionId: string, range: DateRange): Promise<Result<string>> {
  try {
    const r = await api.GET('/api/v1/productions/{productionId}/coverage.csv', {
      params: { path: { productionId }, query: rangeQuery(range) },
      parseAs: 'blob',
    });
    if (!r.response.ok) return { ok: false, problem: toProblem(r.error, r.response) };
    const data: unknown = r.data;
    const blob = data instanceof Blob ? data : new Blob([String(data ?? '')]);
    const file = new Blob([blob], { type: r.response.headers.get('Content-Type') || 'text/csv' });
    const name = filenameFromDisposition(r.response.headers.get('Content-Disposition'), 'coverage.csv');
    saveBlob(file, name);
    return { ok: true, data: name };
  } catch {
    return { ok: false, problem: networkProblem() };
  }
}

/** The dashboard's path, with its filters. */
export function coveragePath(productionId: string, filters?: CoverageFilters): string {
  return `/productions/${encodeURIComponent(productionId)}/coverage${filters ? filtersQuery(filters) : ''}`;
}

/** The daily report's path for a date (today's when null). */
export function reportPath(productionId: string, date: string | null): string {
  return `/productions/${encodeURIComponent(productionId)}/report${date ? `?date=${encodeURIComponent(date)}` : ''}`;
}
