import { openClickHouseStore } from './clickhouse.ts';
import { openDuckStore } from './duckdb.ts';
import type { Store } from './store.ts';

/** The store a collector's settings name: DuckDB in the data directory, or a ClickHouse server. */
export const openStore = (store: string, dir: string): Promise<Store> => (store === 'duckdb' ? openDuckStore(dir) : openClickHouseStore(store));
