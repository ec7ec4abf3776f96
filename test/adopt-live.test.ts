/**
 * The live readers: AWS through the SDK v3 clients (mocked with aws-sdk-client-mock, pages by NextToken) and Microsoft
 * Graph through HTTP (a fake fetch serving responses shaped like Graph's documentation: `@odata.nextLink` paging,
 * `429` with `Retry-After`). Both sources give exactly the snapshot the export source gives for the same setup, at
 * small and enterprise size; throttling waits what the service asks; requests keep to IAM Identity Center's rate.
 */
import { IdentitystoreClient } from "@aws-sdk/client-identitystore";
import * as identitystore from "@aws-sdk/client-identitystore";
import { OrganizationsClient } from "@aws-sdk/client-organizations";
import * as organizations from "@aws-sdk/client-organizations";
import { SSOAdminClient } from "@aws-sdk/client-sso-admin";
import * as ssoAdmin from "@aws-sdk/client-sso-admin";
import { mockClient } from "aws-sdk-client-mock";
import { AWS_MAX_ATTEMPTS, liveAwsSource, pascal, RateLimiter } from "../src/adopt/live-aws";
import { GRAPH_MAX_RETRIES, liveGraphSource, retryDelayMs } from "../src/adopt/live-graph";
import { progressLine, terminalProgress } from "../src/adopt/progress";
import { readSnapshot } from "../src/adopt/read";
import { aws as awsRequests, type AwsRequest, GRAPH_BASE, graph as graphRequests } from "../src/adopt/requests";
import { combineSources, ReadErrors } from "../src/adopt/source";
import { setClock } from "../src/clock";
import { enterpriseScenario, ids, respond, type Scenario, smallScenario, viaExport } from "./adopt-scenario";

const mocks = { "sso-admin": mockClient(SSOAdminClient), identitystore: mockClient(IdentitystoreClient), organizations: mockClient(OrganizationsClient) };
const modules: Record<string, Record<string, unknown>> = { "sso-admin": ssoAdmin, identitystore, organizations };
const OPERATIONS: Record<keyof typeof mocks, string[]> = {
  "sso-admin": [
    "list-instances",
    "list-permission-sets",
    "describe-permission-set",
    "list-managed-policies-in-permission-set",
    "list-customer-managed-policy-references-in-permission-set",
    "get-inline-policy-for-permission-set",
    "get-permissions-boundary-for-permission-set",
    "list-tags-for-resource",
    "list-accounts-for-provisioned-permission-set",
    "list-account-assignments",
    "describe-instance-access-control-attribute-configuration",
  ],
  identitystore: ["list-groups", "list-users"],
  organizations: ["list-accounts", "list-accounts-for-parent", "list-organizational-units-for-parent"],
};
const kebab = (p: string) => p.replace(/[A-Z]/g, (c, i) => `${i ? "-" : ""}${c.toLowerCase()}`);

/** Every SDK command answers from the scenario: the page its NextToken names (`token-<list>-<n>`), as the service would. */
function mockAws(s: Scenario, pageSize: number, calls: string[] = []): void {
  for (const [service, mock] of Object.entries(mocks) as [keyof typeof mocks, (typeof mocks)[keyof typeof mocks]][]) {
    mock.reset();
    for (const operation of OPERATIONS[service]) {
      const Command = modules[service][`${pascal(operation)}Command`] as any;
      (mock as any).on(Command).callsFake((input: Record<string, string>) => {
        const { NextToken, ...rest } = input;
        calls.push(`${service} ${operation}`);
        const request: AwsRequest = { service, operation, params: Object.entries(rest).map(([k, v]) => [kebab(k), v]), file: "" };
        if (operation === "get-permissions-boundary-for-permission-set" || operation === "describe-instance-access-control-attribute-configuration") {
          const page = respond(s, request, pageSize)[0] as object;
          if (Object.keys(page).length === 0) throw Object.assign(new Error("not found"), { name: "ResourceNotFoundException" });
          return { $metadata: { httpStatusCode: 200 }, ...page };
        }
        const pages = respond(s, request, pageSize);
        const n = NextToken ? Number(/-(\d+)$/.exec(NextToken)?.[1]) : 0;
        return { $metadata: { httpStatusCode: 200 }, ...(pages[n] as object) };
      });
    }
  }
}

interface FakeGraph {
  readonly fetch: (url: string, init: { headers: Record<string, string> }) => Promise<Response>;
  readonly requested: string[];
}

/** Graph over HTTP for a scenario: the first page at the request's URL, each next page at the previous page's `@odata.nextLink`. */
function fakeGraph(s: Scenario, pageSize: number, faults: Record<string, Response[]> = {}): FakeGraph {
  const pages = new Map<string, unknown>();
  const requested: string[] = [];
  const add = (url: string, r: Parameters<typeof respond>[1]) => {
    const answer = respond(s, r, pageSize);
    pages.set(url, answer[0]);
    answer.forEach((p, i) => {
      const next = (p as Record<string, unknown>)["@odata.nextLink"];
      if (typeof next === "string") pages.set(next, answer[i + 1]);
    });
  };
  return {
    requested,
    fetch: async (url, init) => {
      requested.push(url);
      expect(init.headers.Authorization).toBe("Bearer test-token");
      const fault = faults[url]?.shift();
      if (fault) return fault;
      if (!pages.has(url)) {
        const path = decodeURIComponent(url.slice(GRAPH_BASE.length));
        try {
          add(url, { path, file: "", paged: false, what: path });
        } catch {
          return new Response(JSON.stringify({ error: { code: "Request_ResourceNotFound", message: `Resource '${path}' does not exist` } }), { status: 404 });
        }
      }
      return new Response(JSON.stringify(pages.get(url)), { status: 200, headers: { "content-type": "application/json" } });
    },
  };
}

const noWait = async () => undefined;

function liveSource(s: Scenario, graphFake: FakeGraph, sleeps: number[] = []) {
  return combineSources(
    liveAwsSource({ region: s.region, sleep: noWait }),
    liveGraphSource({ fetch: graphFake.fetch, token: async () => "test-token", sleep: async (ms) => void sleeps.push(ms) }),
  );
}


afterEach(() => setClock(undefined));

describe("live sources (SDK mocked, Graph over a fake HTTP)", () => {
  it("GIVEN the small setup paged at 2 WHEN read live THEN the snapshot equals the one read from its export, every page followed", async () => {
    const s = smallScenario();
    const calls: string[] = [];
    mockAws(s, 2, calls);
    const g = fakeGraph(s, 2);
    const live = await readSnapshot(liveSource(s, g), { appId: ids.appId(s), groupDetails: true });
    expect(live).toEqual(await viaExport(s, 2, true));
    // Paging: users (4) in two pages; Graph's owners/assignments followed through @odata.nextLink.
    expect(calls.filter((c) => c === "identitystore list-users")).toHaveLength(2);
    expect(g.requested.filter((u) => u.includes("appRoleAssignedTo"))).toHaveLength(2);
    expect(g.requested.some((u) => /\$skiptoken=page1$/.test(u))).toBe(true);
  });

  it("GIVEN an enterprise (≥ 20,000 assignments) WHEN read live THEN the snapshot equals the export's", async () => {
    const s = enterpriseScenario();
    mockAws(s, 100);
    const live = await readSnapshot(liveSource(s, fakeGraph(s, 100)), { appId: ids.appId(s) });
    expect(live.aws.assignments.length).toBeGreaterThanOrEqual(20_000);
    expect(live).toEqual(await viaExport(s, 100, undefined));
  }, 240_000);

  it("GIVEN Graph answers 429 with Retry-After WHEN read THEN it waits that long and retries, and the result is the same", async () => {
    const s = smallScenario();
    mockAws(s, 100);
    const first = new URL(`${GRAPH_BASE}${graphRequests.appRoleAssignedTo(ids.sp(s)).path}`).toString();
    const throttled = () => new Response(JSON.stringify({ error: { code: "TooManyRequests", message: "Too many requests" } }), { status: 429, headers: { "Retry-After": "7" } });
    const g = fakeGraph(s, 100, { [first]: [throttled(), throttled()] });
    const sleeps: number[] = [];
    const live = await readSnapshot(liveSource(s, g, sleeps), { appId: ids.appId(s) });
    expect(sleeps).toEqual([7000, 7000]);
    expect(g.requested.filter((u) => u === first)).toHaveLength(3);
    expect(live.entra.appRoleAssignments).toHaveLength(3);
  });

  it("GIVEN Graph keeps answering 503 WHEN read THEN it backs off exponentially and gives up after the last retry with one clear error", async () => {
    const s = smallScenario();
    mockAws(s, 100);
    const url = new URL(`${GRAPH_BASE}${graphRequests.organization().path}`).toString();
    const g = fakeGraph(s, 100, { [url]: Array.from({ length: GRAPH_MAX_RETRIES + 1 }, () => new Response("busy", { status: 503 })) });
    const sleeps: number[] = [];
    const err = await readSnapshot(liveSource(s, g, sleeps), { appId: ids.appId(s) }).catch((e) => e);
    expect(err).toBeInstanceOf(ReadErrors);
    expect(sleeps).toEqual([1000, 2000, 4000, 8000, 16000, 32000, 60000, 60000]);
    expect((err as ReadErrors).errors.map((e) => e.message)).toEqual(["GET organization?$select=id failed: HTTP 503"]);
  });

  it("GIVEN Graph refuses (403) WHEN read THEN the error says which request and what permissions are needed", async () => {
    const s = smallScenario();
    mockAws(s, 100);
    const url = new URL(`${GRAPH_BASE}${graphRequests.synchronizationJobs(ids.sp(s)).path}`).toString();
    const g = fakeGraph(s, 100, { [url]: [new Response(JSON.stringify({ error: { code: "Authorization_RequestDenied", message: "Insufficient privileges" } }), { status: 403 })] });
    const err = (await readSnapshot(liveSource(s, g), { appId: ids.appId(s) }).catch((e) => e)) as ReadErrors;
    expect(err.errors.map((e) => e.message)).toEqual([
      `GET servicePrincipals/${ids.sp(s)}/synchronization/jobs failed: HTTP 403: Authorization_RequestDenied Insufficient privileges (the reading identity needs Graph read permissions: README: Required permissions)`,
    ]);
  });

  it("GIVEN a page whose @odata.nextLink leaves Graph WHEN read THEN it is not followed (the token goes nowhere else)", async () => {
    const s = smallScenario();
    mockAws(s, 100);
    const url = new URL(`${GRAPH_BASE}${graphRequests.organization().path}`).toString();
    const page = { "@odata.context": "x", value: [{ id: s.tenantId }], "@odata.nextLink": "https://attacker.example/steal" };
    const g = fakeGraph(s, 100, { [url]: [new Response(JSON.stringify(page), { status: 200 })] });
    const err = (await readSnapshot(liveSource(s, g), { appId: ids.appId(s) }).catch((e) => e)) as ReadErrors;
    expect(err.errors.map((e) => e.message)).toEqual([`GET organization?$select=id: @odata.nextLink "https://attacker.example/steal" does not point at ${GRAPH_BASE}; not followed`]);
    expect(g.requested.some((u) => u.includes("attacker"))).toBe(false);
  });

  it("GIVEN an AWS call refused WHEN read THEN the error names the IAM action the reading identity needs", async () => {
    const s = smallScenario();
    mockAws(s, 100);
    mocks.identitystore.on(identitystore.ListUsersCommand).rejects(Object.assign(new Error("User is not authorized"), { name: "AccessDeniedException" }));
    const err = (await readSnapshot(liveSource(s, fakeGraph(s, 100)), { appId: ids.appId(s) }).catch((e) => e)) as ReadErrors;
    expect(err.errors.map((e) => e.message)).toEqual([
      "aws identitystore list-users failed: AccessDeniedException: User is not authorized (the reading identity needs identitystore:ListUsers; README: Required permissions)",
    ]);
  });

  it("GIVEN the live AWS source WHEN it builds its clients THEN they use the SDK's adaptive retry mode with up to 8 attempts", async () => {
    const s = smallScenario();
    mockAws(s, 100);
    await liveAwsSource({ region: s.region, sleep: noWait }).aws(awsRequests.listInstances());
    const client = mocks["sso-admin"].call(0).thisValue as SSOAdminClient;
    const value = async (v: unknown) => (typeof v === "function" ? await (v as () => Promise<unknown>)() : v);
    expect(await value(client.config.retryMode)).toBe("adaptive");
    expect(await value(client.config.maxAttempts)).toBe(AWS_MAX_ATTEMPTS);
    expect(await value(client.config.region)).toBe(s.region);
  });
});

describe("throttling and progress", () => {
  it("GIVEN 20 requests per second WHEN 41 requests are taken at once THEN they are spaced 50 ms apart (2 s in all), on the monotonic clock", async () => {
    let t = 0;
    const waits: number[] = [];
    const limiter = new RateLimiter(20, async (ms) => {
      waits.push(ms);
    }, { elapsedMs: () => t });
    for (let i = 0; i < 41; i++) await limiter.take();
    expect(waits).toHaveLength(40);
    expect(waits[0]).toBe(50);
    expect(waits[39]).toBe(2000);
    // Time passing frees the budget: after 10 s the next request goes at once.
    t = 12_000;
    const before = waits.length;
    await limiter.take();
    expect(waits.length).toBe(before);
  });

  it.each([
    ["7", 0, 7000],
    ["0", 3, 0],
    [null, 0, 1000],
    [null, 2, 4000],
    [null, 10, 60000],
    ["Sun, 22 Nov 2026 00:00:30 GMT", 0, 30000],
    ["Sat, 21 Nov 2026 23:59:00 GMT", 0, 0],
  ] as const)("GIVEN Retry-After %j on attempt %d WHEN the delay is computed THEN it is %d ms", (header, attempt, ms) => {
    setClock(new Date("2026-11-22T00:00:00Z"));
    expect(retryDelayMs(header, attempt)).toBe(ms);
  });

  it("GIVEN a terminal WHEN progress is reported THEN one line is redrawn in place and cleared at the end; GIVEN a pipe THEN nothing is written", () => {
    const written: string[] = [];
    const tty = { isTTY: true, write: (t: string) => written.push(t) } as unknown as NodeJS.WriteStream;
    const p = terminalProgress(tty);
    p.update("account assignments", 0, 42);
    p.update("account assignments", 42, 42);
    p.done();
    expect(written[0]).toBe(`\r${progressLine("account assignments", 0, 42)}\u001b[K`);
    expect(written[1]).toBe(`\r${progressLine("account assignments", 42, 42)}\u001b[K`);
    expect(written[2]).toBe("\r\u001b[K");
    expect(progressLine("x", 21, 42)).toBe(`x [${"#".repeat(15)}${".".repeat(15)}] 21/42`);
    const pipe: string[] = [];
    const q = terminalProgress({ isTTY: false, write: (t: string) => pipe.push(t) } as unknown as NodeJS.WriteStream);
    q.update("x", 1, 2);
    q.done();
    expect(pipe).toEqual([]);
  });
});
