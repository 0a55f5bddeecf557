// openapi-generator typescript-axios through calls.ts: both keys from its Configuration.
import { isAxiosError, type AxiosResponse } from "axios";
import { Configuration, MeetingApi, OrganizationApi, QueueApi, RoomApi } from "./axios/index";
import { run, type Answer } from "./calls";

const [base, key, secret] = process.argv.slice(2) as [string, string, string];
const config = new Configuration({
  basePath: base,
  apiKey: (name: string) => (name === "API_KEY" ? key : secret),
});
const [organization, meetings, rooms, queues] = [
  new OrganizationApi(config), new MeetingApi(config), new RoomApi(config), new QueueApi(config),
];
// axios rejects on a non-2xx answer.
async function a(sent: Promise<AxiosResponse<unknown>>): Promise<Answer> {
  try {
    const answer = await sent;
    return { status: answer.status, data: answer.data };
  } catch (thrown) {
    if (isAxiosError(thrown) && thrown.response) {
      return { status: thrown.response.status, data: thrown.response.data };
    }
    throw thrown;
  }
}

void run(
  {
    getOrganization: () => a(organization.getOrganization()),
    createMeeting: (body) => a(meetings.createMeeting(body)),
    getMeeting: (id) => a(meetings.getMeeting(id)),
    deleteMeeting: (id) => a(meetings.deleteMeeting(id)),
    createRoom: (body) => a(rooms.createRoom(body)),
    getRoom: (slug) => a(rooms.getRoom(slug)),
    createQueue: (body) => a(queues.createQueue(body)),
    getQueue: (id) => a(queues.getQueue(id)),
    updateQueue: (id, body) => a(queues.updateQueue(id, body)),
    deleteQueue: (id) => a(queues.deleteQueue(id)),
  },
  "axios",
);
