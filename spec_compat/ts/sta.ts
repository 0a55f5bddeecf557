// swagger-typescript-api through calls.ts: both auth headers from its securityWorker.
import { Api, QueueType, type HttpResponse } from "./sta/api";
import { run, type Answer } from "./calls";

const [base, key, secret] = process.argv.slice(2) as [string, string, string];
const client = new Api({
  baseUrl: base,
  securityWorker: () => ({ headers: { API_KEY: key, API_SECRET: secret } }),
});
// Its request() throws the response on a non-2xx answer.
async function a(sent: Promise<HttpResponse<unknown, unknown>>): Promise<Answer> {
  try {
    const answer = await sent;
    return { status: answer.status, data: answer.data };
  } catch (thrown) {
    const answer = thrown as HttpResponse<unknown, unknown>;
    return { status: answer.status, data: answer.error };
  }
}

void run(
  {
    getOrganization: () => a(client.v3.getOrganization()),
    createMeeting: (body) => a(client.v3.createMeeting(body)),
    getMeeting: (id) => a(client.v3.getMeeting(id)),
    deleteMeeting: (id) => a(client.v3.deleteMeeting(id)),
    createRoom: (body) => a(client.v3.createRoom(body)),
    getRoom: (slug) => a(client.v3.getRoom(slug)),
    // It writes enums as TypeScript enums: a literal is not assignable, its member is.
    createQueue: (body) => a(client.v3.createQueue({ ...body, type: QueueType[body.type] })),
    getQueue: (id) => a(client.v3.getQueue(id)),
    updateQueue: (id, body) => a(client.v3.updateQueue(id, body)),
    deleteQueue: (id) => a(client.v3.deleteQueue(id)),
  },
  "sta",
);
