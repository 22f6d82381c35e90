import * as v from 'valibot';
import { LIMITS, PROTOCOL_VERSION } from './limits.ts';

// The one definition of the wire format. Field names are short because every event crosses the
// network from a visitor's browser; docs/protocol.md documents each of them.

const str = (max: number) => v.pipe(v.string(), v.maxLength(max));
/** A whole number that fits 32 bits (coordinates, sizes, counts, durations): what storage holds. */
const int = v.pipe(v.number(), v.integer(), v.minValue(-2147483648), v.maxValue(2147483647));
/** Epoch milliseconds. */
const epochMs = v.pipe(v.number(), v.integer(), v.minValue(0), v.maxValue(8.64e15));
const nonNeg = v.pipe(v.number(), v.minValue(0));
/** A fraction of an element box, 0..1 (a click on a border may round just outside). */
const frac = v.pipe(v.number(), v.minValue(-0.01), v.maxValue(1.01));
const name = str(LIMITS.name);
const selector = str(LIMITS.selector);
const scalar = v.union([name, v.number(), v.boolean()]);

/** Fields every event carries. `id` is unique across all events (page-view id + sequence). */
const base = {
  id: v.pipe(v.string(), v.minLength(1), v.maxLength(64)),
  /** Capture time, epoch milliseconds, from the visitor's clock. */
  t: epochMs,
};

/** Where a pointer landed, relative to the element (reflow-proof) and to the page (fallback). */
const position = {
  sel: selector,
  /** Offset inside the element's box, as a fraction of its width and height. */
  ox: frac,
  oy: frac,
  /** Page coordinates in CSS px (viewport coordinates when `fx` is set). */
  x: int,
  y: int,
  /** Set when the element is position: fixed or sticky, so x/y are viewport-relative. */
  fx: v.optional(v.literal(1)),
};

export const PageViewEvent = v.object({
  ...base,
  k: v.literal('pv'),
  /** Path and query of the page (origin dropped, e-mail addresses masked). */
  url: str(LIMITS.url),
  /** Referrer origin + path, when it is another site. */
  ref: v.optional(str(LIMITS.url)),
  /** How the page was reached: navigate, reload, back_forward, prerender or spa. */
  nav: v.picklist(['navigate', 'reload', 'back_forward', 'prerender', 'spa']),
  /** Viewport and screen width in CSS px. */
  vw: int,
  vh: int,
  sw: int,
  /** Device class from the viewport and pointer: mobile, tablet or desktop. */
  dev: v.picklist(['m', 't', 'd']),
  /** 1 when this is the visitor's first session on the site. */
  nv: v.optional(v.literal(1)),
  /** UTM source / medium / campaign when present in the URL. */
  utm: v.optional(v.object({ s: v.optional(name), m: v.optional(name), c: v.optional(name) })),
});

export const ClickEvent = v.object({
  ...base,
  k: v.literal('click'),
  ...position,
  /** Scroll offset and viewport at the time of the click. */
  sx: int,
  sy: int,
  vw: int,
  vh: int,
  /** Text of a button or link, truncated, digits and e-mail addresses masked. */
  tx: v.optional(str(LIMITS.text)),
  /** The touchpoint this element belongs to (`data-touchpoint` on it or an ancestor). */
  tp: v.optional(name),
});

export const RageClickEvent = v.object({ ...base, k: v.literal('rage'), ...position, n: int });
export const DeadClickEvent = v.object({ ...base, k: v.literal('dead'), ...position });
export const DisabledClickEvent = v.object({ ...base, k: v.literal('disabled'), ...position });
export const ErrorClickEvent = v.object({
  ...base,
  k: v.literal('errclick'),
  ...position,
  msg: str(LIMITS.message),
});

export const ErrorEvent = v.object({
  ...base,
  k: v.literal('err'),
  msg: str(LIMITS.message),
  /** Script URL, line and column when the browser gives them. */
  src: v.optional(str(LIMITS.url)),
  ln: v.optional(int),
  col: v.optional(int),
  /** 1 for an unhandled promise rejection. */
  rej: v.optional(v.literal(1)),
});

export const HoverEvent = v.object({
  ...base,
  k: v.literal('hover'),
  sel: selector,
  /** How long the pointer rested on the element. */
  ms: int,
});

export const MoveEvent = v.object({
  ...base,
  k: v.literal('move'),
  sel: selector,
  /** Sampled pointer offsets inside the element, flattened [ox, oy, ox, oy, …], each 0..100. */
  pts: v.pipe(v.array(v.pipe(int, v.minValue(0), v.maxValue(100))), v.maxLength(LIMITS.movePoints * 2)),
});

export const ThrashEvent = v.object({
  ...base,
  k: v.literal('thrash'),
  /** Direction changes counted within the window. */
  n: int,
  x: int,
  y: int,
});

export const ScrollEvent = v.object({
  ...base,
  k: v.literal('scroll'),
  /** Deepest point seen, as a fraction of the page height. */
  d: v.pipe(v.number(), v.minValue(0), v.maxValue(1)),
  /** Page height in CSS px. */
  h: int,
});

export const ExcessiveScrollEvent = v.object({ ...base, k: v.literal('xscroll'), n: int });

export const FieldEvent = v.object({
  ...base,
  k: v.literal('field'),
  sel: selector,
  /**
   * What happened to the field: focus, blur, change, refocus (focused again), clear (emptied
   * after typing), invalid (failed validation). Never the value.
   */
  a: v.picklist(['focus', 'blur', 'change', 'refocus', 'clear', 'invalid']),
  /** On blur: ms focused. */
  ms: v.optional(int),
  /** On blur: ms from focus to the first input, when there was one. */
  ttfi: v.optional(int),
  /** On invalid: which constraint failed (valueMissing, patternMismatch, …). */
  why: v.optional(name),
  /** The field's form, when it has one. */
  form: v.optional(selector),
});

export const UTurnEvent = v.object({
  ...base,
  k: v.literal('uturn'),
  /** The page left quickly. */
  url: str(LIMITS.url),
  /** Time spent on it before coming back. */
  ms: int,
});

export const VitalEvent = v.object({
  ...base,
  k: v.literal('vital'),
  name: v.picklist(['INP', 'LCP', 'CLS']),
  val: nonNeg,
  /** good, needs-improvement or poor. */
  r: v.picklist(['good', 'needs-improvement', 'poor']),
  /** The element the metric is attributed to, when known. */
  sel: v.optional(selector),
});

export const TouchpointEvent = v.object({
  ...base,
  k: v.literal('tp'),
  name,
  /** The element that declared it (`data-touchpoint`), absent for SDK calls. */
  sel: v.optional(selector),
});

export const StepEvent = v.object({ ...base, k: v.literal('step'), f: name, s: name });

export const TrackEvent = v.object({
  ...base,
  k: v.literal('track'),
  name,
  props: v.optional(v.pipe(v.record(name, scalar), v.check((r) => Object.keys(r).length <= 20, 'at most 20 props'))),
});

export const SegmentEvent = v.object({
  ...base,
  k: v.literal('seg'),
  traits: v.pipe(v.record(name, scalar), v.check((r) => Object.keys(r).length <= 20, 'at most 20 traits')),
});

export const SessionEndEvent = v.object({ ...base, k: v.literal('end') });

/** A micro-survey answer: solicited data for the journey map's emotion curve. */
export const SurveyEvent = v.object({
  ...base,
  k: v.literal('survey'),
  /** The question's id, chosen by the site. */
  q: name,
  scale: v.picklist(['csat', 'emoji']),
  /** The answer, 1 = worst … 5 = best (emoji mapped 😠 1 … 😍 5). */
  v: v.pipe(int, v.minValue(1), v.maxValue(5)),
  /** Where it was asked: a touchpoint name, or `funnel:step`. */
  at: name,
  /** What showed it: a touchpoint reached, a funnel completed, or a funnel abandoned (exit intent). */
  why: v.picklist(['touchpoint', 'complete', 'abandon']),
});

export const Event = v.variant('k', [
  PageViewEvent,
  ClickEvent,
  RageClickEvent,
  DeadClickEvent,
  DisabledClickEvent,
  ErrorClickEvent,
  ErrorEvent,
  HoverEvent,
  MoveEvent,
  ThrashEvent,
  ScrollEvent,
  ExcessiveScrollEvent,
  FieldEvent,
  UTurnEvent,
  VitalEvent,
  TouchpointEvent,
  StepEvent,
  TrackEvent,
  SegmentEvent,
  SessionEndEvent,
  SurveyEvent,
]);

/** One delivery: the events of one page view of one session. */
export const Batch = v.object({
  v: v.literal(PROTOCOL_VERSION),
  /** The site key (public; identifies the site, not a secret). */
  site: v.pipe(v.string(), v.minLength(1), v.maxLength(64)),
  /** Session id: random, rotated after 30 minutes idle. */
  sid: v.pipe(v.string(), v.minLength(1), v.maxLength(64)),
  /** Page-view id: random, new on every load and SPA route change. */
  pv: v.pipe(v.string(), v.minLength(1), v.maxLength(64)),
  /** Batch id: stable across retries of the same batch. */
  bid: v.pipe(v.string(), v.minLength(1), v.maxLength(128)),
  /** Send time, epoch ms, from the visitor's clock (lets the collector correct clock skew). */
  sent: epochMs,
  /** Events the SDK had to drop (buffer full) since the last batch it delivered. */
  drop: v.optional(v.pipe(int, v.minValue(0))),
  events: v.pipe(v.array(Event), v.minLength(1), v.maxLength(LIMITS.batchEvents)),
});

export type Batch = v.InferOutput<typeof Batch>;
export type Event = v.InferOutput<typeof Event>;
export type EventKind = Event['k'];
/** An event of one kind, e.g. `EventOf<'click'>`. */
export type EventOf<K extends EventKind> = Extract<Event, { k: K }>;
/** An event as the SDK builds it, before it is given its id and time. */
export type EventBody = Event extends infer E ? (E extends Event ? Omit<E, 'id' | 't'> : never) : never;
