// Calls all 10 operations (11 calls: a MEETING and a CONSULTATION) through one generated
// client's adapter and prints one JSON line per call with the fields it checked.
// Written by spec_compat/node_clients.py beside each client; compiled with tsc --strict.

export interface Answer {
  status: number;
  data: unknown;
}

export interface Calls {
  getOrganization(): Promise<Answer>;
  createMeeting(body: { ownerEmail: string; type?: "MEETING" | "CONSULTATION"; isInfinite?: boolean }): Promise<Answer>;
  getMeeting(id: string): Promise<Answer>;
  deleteMeeting(id: string): Promise<Answer>;
  createRoom(body: { slug: string; title?: string }): Promise<Answer>;
  getRoom(slug: string): Promise<Answer>;
  createQueue(body: { name: string; slug: string; type: "WAITING_ROOM" | "BOARD" }): Promise<Answer>;
  getQueue(id: string): Promise<Answer>;
  updateQueue(id: string, body: { closingMessage: string; membersIds: string[]; isActive: boolean }): Promise<Answer>;
  deleteQueue(id: string): Promise<Answer>;
}

type Fields = Record<string, unknown>;

function fields(data: unknown): Fields {
  return typeof data === "object" && data !== null ? (data as Fields) : {};
}

async function call(
  operation: string,
  send: () => Promise<Answer>,
  check: (data: Fields) => string[],
): Promise<Fields> {
  let record: Fields;
  let data: Fields = {};
  try {
    const answer = await send();
    data = fields(answer.data);
    const ok = answer.status >= 200 && answer.status < 300;
    const problems = ok ? check(data) : [`status ${answer.status}: ${JSON.stringify(answer.data)}`];
    record = { operation, status: answer.status, problems };
  } catch (error) {
    record = { operation, status: null, problems: [`threw ${String(error)}`] };
  }
  console.log(JSON.stringify(record));
  return data;
}

const isString = (value: unknown): value is string => typeof value === "string" && value !== "";
const need = (ok: boolean, what: string): string[] => (ok ? [] : [what]);

export async function run(calls: Calls, tag: string): Promise<void> {
  const org = await call("getOrganization", () => calls.getOrganization(), (d) =>
    need(Array.isArray(d["users"]) && d["users"].length > 0, "users missing"),
  );
  const users = Array.isArray(org["users"]) ? org["users"].map(fields) : [];
  const email = String(users[0]?.["email"] ?? "john@meedio.me");
  const meeting = await call("createMeeting", () => calls.createMeeting({ ownerEmail: email, type: "MEETING", isInfinite: true }), (d) =>
    [...need(isString(d["id"]), "id missing"), ...need(d["isInfinite"] === true, `isInfinite ${String(d["isInfinite"])} on a MEETING`)],
  );
  const consultation = await call("createMeeting", () => calls.createMeeting({ ownerEmail: email, type: "CONSULTATION" }), (d) =>
    [...need(isString(d["redirectUrl"]), "redirectUrl missing"), ...need(!("isInfinite" in d), "isInfinite on a CONSULTATION")],
  );
  await call("getMeeting", () => calls.getMeeting(String(meeting["id"])), (d) =>
    need(d["isInfinite"] === true, `isInfinite ${String(d["isInfinite"])} on a MEETING`),
  );
  await call("getMeeting", () => calls.getMeeting(String(consultation["id"])), (d) =>
    need(d["id"] === consultation["id"] && !("isInfinite" in d), "not the consultation"),
  );
  await call("deleteMeeting", () => calls.deleteMeeting(String(meeting["id"])), (d) =>
    need(isString(d["deletedAt"]) && !Number.isNaN(Date.parse(d["deletedAt"])), "deletedAt missing on a deleted meeting"),
  );
  const slug = `gate-${tag}-${Date.now()}`;
  await call("createRoom", () => calls.createRoom({ slug, title: "title-example" }), (d) =>
    need(d["slug"] === slug && isString(d["redirectUrl"]), "slug or redirectUrl missing"),
  );
  await call("getRoom", () => calls.getRoom(slug), (d) => need(d["title"] === "title-example", "title missing"));
  const queue = await call("createQueue", () => calls.createQueue({ name: "meedio_name", slug, type: "WAITING_ROOM" }), (d) =>
    [...need(isString(d["id"]), "id missing"), ...need(isString(d["redirectUrl"]), "redirectUrl missing on a queue")],
  );
  const id = String(queue["id"]);
  await call("getQueue", () => calls.getQueue(id), (d) => need(isString(d["redirectUrl"]), "redirectUrl missing on a queue"));
  const member = String(users[0]?.["id"] ?? "");
  await call("updateQueue", () => calls.updateQueue(id, { closingMessage: "closed", membersIds: [member], isActive: false }), (d) =>
    need(d["closingMessage"] === "closed" && d["isActive"] === false && Array.isArray(d["members"]) && d["members"].length === 1, "update not applied"),
  );
  await call("deleteQueue", () => calls.deleteQueue(id), (d) => need(d["id"] === id, "not the deleted queue"));
}
