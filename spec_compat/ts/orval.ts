// orval (client: fetch) through calls.ts. orval's fetch client has relative URLs and no
// auth: the user's own fetch adds both (its documented way is a custom fetch, a "mutator").
import * as api from "./orval/api";
import { run, type Answer } from "./calls";

const [base, key, secret] = process.argv.slice(2) as [string, string, string];
const realFetch = globalThis.fetch;
globalThis.fetch = (input, init) =>
  realFetch(`${base}${String(input)}`, {
    ...init,
    headers: { ...(init?.headers as Record<string, string> | undefined), API_KEY: key, API_SECRET: secret },
  });
const a = (r: { status: number; data: unknown }): Answer => ({ status: r.status, data: r.data });
// DECISIONS "Other generators": orval sends no Content-Type for a body with two media types.
const asJson = { headers: { "Content-Type": "application/json" } };

void run(
  {
    getOrganization: async () => a(await api.getOrganization()),
    createMeeting: async (body) => a(await api.createMeeting(body)),
    getMeeting: async (id) => a(await api.getMeeting(id)),
    deleteMeeting: async (id) => a(await api.deleteMeeting(id)),
    createRoom: async (body) => a(await api.createRoom(body, process.env["PLAIN"] ? {} : asJson)),
    getRoom: async (slug) => a(await api.getRoom(slug)),
    createQueue: async (body) => a(await api.createQueue(body)),
    getQueue: async (id) => a(await api.getQueue(id)),
    updateQueue: async (id, body) => a(await api.updateQueue(id, body)),
    deleteQueue: async (id) => a(await api.deleteQueue(id)),
  },
  "orval",
);
