// @hey-api/openapi-ts (its default fetch client) through calls.ts: both keys from its `auth`
// callback, which it calls once per security scheme of the operation.
import { createClient } from "./heyapi/client";
import * as sdk from "./heyapi/sdk.gen";
import { run, type Answer } from "./calls";

const [base, key, secret] = process.argv.slice(2) as [string, string, string];
const client = createClient({
  baseUrl: base,
  auth: (scheme) => (scheme.name === "API_KEY" ? key : secret),
});
// Without throwOnError it resolves on any status: `data` on a 2xx, `error` (parsed) otherwise.
async function a(sent: Promise<{ data?: unknown; error?: unknown; response?: Response }>): Promise<Answer> {
  const answer = await sent;
  if (!answer.response) {
    throw new Error(`no response: ${String(answer.error)}`);
  }
  return { status: answer.response.status, data: answer.response.ok ? answer.data : answer.error };
}

void run(
  {
    getOrganization: () => a(sdk.getOrganization({ client })),
    createMeeting: (body) => a(sdk.createMeeting({ client, body })),
    getMeeting: (id) => a(sdk.getMeeting({ client, path: { id } })),
    deleteMeeting: (id) => a(sdk.deleteMeeting({ client, path: { id } })),
    createRoom: (body) => a(sdk.createRoom({ client, body })),
    getRoom: (slug) => a(sdk.getRoom({ client, path: { slug } })),
    createQueue: (body) => a(sdk.createQueue({ client, body })),
    getQueue: (id) => a(sdk.getQueue({ client, path: { id } })),
    updateQueue: (id, body) => a(sdk.updateQueue({ client, path: { id }, body })),
    deleteQueue: (id) => a(sdk.deleteQueue({ client, path: { id } })),
  },
  "heyapi",
);
