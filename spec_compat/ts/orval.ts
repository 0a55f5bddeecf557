// orval (client: fetch). orval's fetch client has relative URLs and no auth: the user's own
// fetch adds both (its documented way is a custom fetch, a "mutator"). The call table
// (`api.<operationId>(path values..., body, options)`) is appended by spec_compat/ts_clients.py.
import * as api from "./orval/api";
import { run, type Answer, type Send } from "./calls";

const [base, key, secret] = process.argv.slice(2) as [string, string, string];
const realFetch = globalThis.fetch;
globalThis.fetch = (input, init) =>
  realFetch(`${base}${String(input)}`, {
    ...init,
    headers: { ...(init?.headers as Record<string, string> | undefined), API_KEY: key, API_SECRET: secret },
  });
const a = (r: { status: number; data: unknown }): Answer => ({ status: r.status, data: r.data });
// DECISIONS "Other generators": orval sends no Content-Type for a body with two media types;
// the table passes this for those bodies (PLAIN=1: not, to show the fault).
const asJson = process.env["PLAIN"] ? {} : { headers: { "Content-Type": "application/json" } };
