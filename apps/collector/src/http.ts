import type { Context } from 'hono';
import * as v from 'valibot';

/** What a request's handlers tell the access log: the site it was for, once known. */
export type Env = { Variables: { site?: string } };

export type ErrorStatus = 400 | 401 | 403 | 404 | 409 | 413 | 429 | 503;

/** Every refusal is a JSON `{ error }` saying why, with the status that classifies it. */
export const fail = (c: Context, status: ErrorStatus, error: string, headers: Record<string, string> = {}) => {
  for (const [k, val] of Object.entries(headers)) c.header(k, val);
  return c.json({ error }, status);
};

/** `path: message` of a validation's first issue, e.g. `events.3.ox: Invalid type`. */
export const issueText = (issues: readonly v.BaseIssue<unknown>[], fallback: string) => `${v.getDotPath(issues[0]!) ?? fallback}: ${issues[0]!.message}`;

/** The credential of an `Authorization: Bearer …` header. */
export const bearer = (c: Context) => c.req.header('authorization')?.match(/^Bearer (.+)$/)?.[1];
