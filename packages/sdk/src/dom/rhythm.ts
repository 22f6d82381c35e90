/**
 * Nodes that change by themselves — a clock, a countdown, a carousel turning, a "12 people are
 * viewing" count — would answer every press and hide every dead click on their page. Each node
 * learns its pace from its changes made while the visitor was doing nothing (`alone`): the
 * shortest and the longest interval between them. A change that comes at that pace (0.8 of the
 * shortest to 1.5 of the longest after the node's last change) is a tick; a sooner one, a much
 * later one (a node that changed twice as the page loaded, and now once more) and every change
 * of a node whose pace is not known yet are not: when unsure, a change is an answer. Changes
 * less than 100 ms apart are one run (a framework rendering twice, an animation's frames): they
 * teach nothing, and each is what the run's first change was. Pure (times are passed in), so it
 * is tested without a page. `.last(node)` is when the node last changed.
 */
export function createRhythms() {
  const paces = new WeakMap<object, [last: number, shortest: number, longest: number, tick: boolean]>();
  /** Whether this change of `node` at `now` keeps the node's own pace. A node's further changes at the same `now` (one delivery of records) get the same answer. */
  const keeps = (node: object, now: number, alone: boolean): boolean => {
    let p = paces.get(node);
    if (!p) paces.set(node, (p = [-Infinity, Infinity, 0, false]));
    const i = now - p[0];
    p[0] = now;
    // One run: the frames of an animation (a slider eased by requestAnimationFrame) are ticks
    // when it started as one, and answers when it did not.
    if (i < 100) return p[3];
    p[3] = i >= 0.8 * p[1] && i <= 1.5 * p[2];
    if (alone && i < Infinity) (p[1] = Math.min(p[1], i)), (p[2] = Math.max(p[2], i));
    return p[3];
  };
  return Object.assign(keeps, { last: (node: object) => paces.get(node)?.[0] ?? -Infinity });
}
