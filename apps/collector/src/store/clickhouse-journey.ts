import type { ClickHouse } from './clickhouse-connection.ts';
import type { Store } from './store.ts';

/** The journey queries on ClickHouse: not yet written (issue 8, next slice). */
export function createClickHouseJourneyQueries(_ch: ClickHouse): Pick<Store, 'journeyMap' | 'funnel' | 'painPoints'> {
  const notYet = () => Promise.reject(new Error('journey queries are not available on the ClickHouse store yet'));
  return { journeyMap: notYet, funnel: notYet, painPoints: notYet };
}
