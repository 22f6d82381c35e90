/**
 * Node flags the collector's server runs with (tests, benchmarks, `pnpm start`; the bin's
 * shebang carries the same). A bigger young generation: under ingest every request's parsed
 * batch dies young, and with Node's default semi-space (16 MB) the scavenger ran often enough
 * to be a tenth of the main thread. 32 MB: +15% events/s at 128 senders, −10–20% collector CPU
 * per event, measured side by side (bench/README.md). V8 reads it only at start-up: it cannot
 * be set from inside the process.
 */
export const SERVE_NODE_FLAGS = ['--max-semi-space-size=32'];
