import type { FunnelReport, JourneyDefinition, PainPoints, StageReport } from '@touchmap/journey';
import type { ElementStats, HeatmapElement, HeatmapGrid, HeatmapKind, HotspotRow, PageRow, ScrollDepth } from '@touchmap/protocol';

export type { ElementStats, PageRow, ScrollDepth };
/** The heatmap endpoint's answer: the store's elements as a page of `rows`, and the grid. */
export type Heatmap = { rows: HeatmapElement[]; next?: number; grid: HeatmapGrid };
export type Hotspot = HotspotRow;
export type HeatKind = HeatmapKind;

/**
 * The collector's read API for browser code (the overlay, the dashboard): its answers typed, its
 * refusals as ApiError carrying the collector's message (apps/collector/README.md, "Read" and
 * "Journey").
 */
export interface JourneyMap {
  sessions: number;
  stages: StageReport[];
  compare?: { sessions: number; stages: StageReport[] };
}
export type FunnelAnswer = FunnelReport & { version: number; compare?: FunnelReport };
export type PainAnswer = PainPoints & { version: number; compare?: PainPoints };

/** Date range and segment: what every read takes. */
export interface Filters {
  days: number;
  device: '' | 'mobile' | 'tablet' | 'desktop';
  viewport: '' | 's' | 'm' | 'l' | 'xl';
}

export class ApiError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

/** Query parameters of a filter set at `now`: the range and, for compare, the period before it. */
export function filterParams(f: Filters, now: number): Record<string, string> {
  const from = now - f.days * 86_400_000;
  return {
    from: String(from),
    to: String(now),
    ...(f.device ? { device: f.device } : {}),
    ...(f.viewport ? { viewport: f.viewport } : {}),
  };
}

/** A read-API client for one collector and token. Every answer's error becomes an ApiError with the collector's message. */
export function createClient(endpoint: string, token: string) {
  const call = async <T>(method: string, path: string, params: Record<string, string> = {}, body?: unknown): Promise<T> => {
    const qs = new URLSearchParams(params).toString();
    const r = await fetch(`${endpoint}${path}${qs ? `?${qs}` : ''}`, {
      method,
      headers: { authorization: `Bearer ${token}`, ...(body ? { 'content-type': 'application/json' } : {}) },
      body: body ? JSON.stringify(body) : undefined,
    });
    const answer = (await r.json().catch(() => ({}))) as T & { error?: string };
    if (!r.ok) throw new ApiError(r.status, answer.error ?? `${method} ${path}: ${r.status}`);
    return answer;
  };
  const get = <T>(path: string, params?: Record<string, string>) => call<T>('GET', path, params);
  return {
    whoami: () => get<{ site: string; role: 'read' | 'edit'; origins: string[] }>('/v1/token'),
    forSite(site: string) {
      const s = `/v1/sites/${encodeURIComponent(site)}`;
      return {
        heatmap: (p: Record<string, string>) => get<Heatmap>(`${s}/heatmap`, { limit: '1000', ...p }),
        hotspots: (p: Record<string, string>) => get<{ rows: Hotspot[] }>(`${s}/hotspots`, { limit: '200', ...p }),
        pages: (p: Record<string, string>) => get<{ rows: PageRow[] }>(`${s}/pages`, p),
        scroll: (p: Record<string, string>) => get<ScrollDepth>(`${s}/scroll`, p),
        element: (p: Record<string, string>) => get<ElementStats>(`${s}/element`, p),
        journey: () => get<{ version: number; journey: JourneyDefinition }>(`${s}/journey`),
        map: (p: Record<string, string>) => get<JourneyMap>(`${s}/journey/map`, p),
        funnel: (id: string, p: Record<string, string>) => get<FunnelAnswer>(`${s}/funnels/${encodeURIComponent(id)}`, p),
        painPoints: (p: Record<string, string>) => get<PainAnswer>(`${s}/pain-points`, p),
        tag: (tp: { name: string; stage: string; selector: string; momentOfTruth?: boolean }) =>
          call<{ version: number; touchpoint: { id: string } }>('POST', `${s}/journey/touchpoints`, {}, tp),
      };
    },
  };
}
export type Client = ReturnType<typeof createClient>;
export type SiteClient = ReturnType<Client['forSite']>;
