// The README's tour, written against a TypeScript client generated from Jobtower's own /openapi.yml
// (openapi-typescript types + openapi-fetch), as a dashboard or script team would write it.
// Run by .ci/checks/openapi-client.sh: `tsc --noEmit` first (a parameter or field missing from the document
// fails here), then against the jar through a validating Prism proxy (an answer that breaks the document
// fails there). Usage: node build/js/tour.js <base URL> <admin token>
import createClient from "openapi-fetch";
import type { components, paths } from "./build/jobtower.js";

type Problem = components["schemas"]["Problem"];

const [baseUrl, adminToken] = process.argv.slice(2);
if (!baseUrl || !adminToken) {
  throw new Error("usage: tour.js <base URL> <admin token>");
}

const client = createClient<paths>({ baseUrl });
let checks = 0;

function check(condition: unknown, what: string): asserts condition {
  if (!condition) {
    throw new Error("tour: " + what);
  }
  checks++;
}

function status(response: Response, expected: number, what: string): void {
  check(response.status === expected, `${what}: expected ${expected}, got ${response.status}`);
}

/** An error answer: the status, problem+json, and (for validation) the named parameter. */
function problem(response: Response, error: Problem | undefined, expected: number, what: string, parameter?: string): void {
  status(response, expected, what);
  check((response.headers.get("content-type") ?? "").startsWith("application/problem+json"), `${what}: problem+json`);
  check(error !== undefined && error.status === expected && error.type.startsWith("https://jobtower.dev/problems/"),
    `${what}: a problem with status ${expected}`);
  if (parameter !== undefined) {
    check(error.errors?.some((e) => e.parameter === parameter), `${what}: errors[] names ${parameter}`);
  }
}

const admin = { Authorization: `Bearer ${adminToken}` };

// --- a tenant and its API keys (admin API) ---
const tenant = await client.POST("/admin/tenants", { headers: admin, body: { name: "acme" } });
status(tenant.response, 201, "createTenant");
check(tenant.data?.apiKey.startsWith("jt_"), "createTenant: an apiKey");
if (!tenant.data) throw new Error("unreachable");
const tenantId = tenant.data.id;
const auth = { Authorization: `Bearer ${tenant.data.apiKey}` };

const minted = await client.POST("/admin/tenants/{tenantId}/keys", { headers: admin, params: { path: { tenantId } } });
status(minted.response, 201, "createApiKey");
const keys = await client.GET("/admin/tenants/{tenantId}/keys", { headers: admin, params: { path: { tenantId } } });
status(keys.response, 200, "listApiKeys");
check(keys.data?.items.length === 2 && keys.data.items.every((k) => k.revokedAt === null), "listApiKeys: two live keys");
const revoked = await client.DELETE("/admin/tenants/{tenantId}/keys/{keyId}",
  { headers: admin, params: { path: { tenantId, keyId: minted.data!.keyId } } });
status(revoked.response, 204, "revokeApiKey");
const withRevoked = await client.GET("/api/v1/providers", { headers: { Authorization: `Bearer ${minted.data!.apiKey}` } });
problem(withRevoked.response, withRevoked.error, 401, "a revoked key");
const badAdmin = await client.GET("/admin/tenants/{tenantId}/keys",
  { headers: { Authorization: "Bearer not-the-admin-token" }, params: { path: { tenantId } } });
problem(badAdmin.response, badAdmin.error, 401, "a wrong admin token");

// --- connections ---
const created = await client.POST("/api/v1/connections", {
  headers: auth,
  body: { provider: "finch", name: "Acme payroll", credentials: { token: `tour-${Date.now()}` },
    webhookSecret: "c2VjcmV0LXNpZ25pbmcta2V5LTEyMzQ1Njc4OQ==" },
});
status(created.response, 201, "createConnection");
const connection = created.data!;
check(connection.provider === "finch" && connection.webhookUrl.endsWith(`/webhooks/finch/${connection.id}`),
  "createConnection: provider and webhookUrl");
check(!JSON.stringify(connection).includes("tour-"), "createConnection: the token is never shown");
const badConnection = await client.POST("/api/v1/connections", {
  headers: auth, body: { provider: "finch", name: "x", credentials: { token: "t" }, webhookSecret: "not base64!" },
});
problem(badConnection.response, badConnection.error, 400, "createConnection with a malformed secret", "webhookSecret");
const renamed = await client.PATCH("/api/v1/connections/{id}",
  { headers: auth, params: { path: { id: connection.id } }, body: { name: "Acme payroll (EU)" } });
status(renamed.response, 200, "updateConnection");
check(renamed.data?.name === "Acme payroll (EU)", "updateConnection: renamed");
const one = await client.GET("/api/v1/connections/{id}", { headers: auth, params: { path: { id: connection.id } } });
status(one.response, 200, "getConnection");
const all = await client.GET("/api/v1/connections", { headers: auth });
status(all.response, 200, "listConnections");
check(all.data?.items.length === 1 && all.data.items[0].id === connection.id, "listConnections: the one connection");

// --- enqueue, retry-safe with Idempotency-Key ---
const enqueueBody = { connectionId: connection.id, type: "data_sync_all" };
const first = await client.POST("/api/v1/jobs",
  { headers: { ...auth, "Idempotency-Key": "sync-42" }, body: enqueueBody });
status(first.response, 201, "enqueueJob");
const job = first.data!;
check(job.provider === "finch" && job.type === "data_sync_all" && job.connectionId === connection.id, "enqueueJob: the job");
const again = await client.POST("/api/v1/jobs", { headers: { ...auth, "Idempotency-Key": "sync-42" }, body: enqueueBody });
status(again.response, 201, "enqueueJob repeated with the same Idempotency-Key");
check(again.data?.id === job.id, "enqueueJob repeated: the first answer again");
const otherBody = await client.POST("/api/v1/jobs", {
  headers: { ...auth, "Idempotency-Key": "sync-42" },
  body: { connectionId: connection.id, type: "w4_form_employee_sync", params: { individualId: "ind-1" } },
});
problem(otherBody.response, otherBody.error, 422, "the same Idempotency-Key with another body", "Idempotency-Key");
for (const individualId of ["ind-2", "ind-3"]) {
  const w4 = await client.POST("/api/v1/jobs", {
    headers: auth, body: { connectionId: connection.id, type: "w4_form_employee_sync", params: { individualId } },
  });
  status(w4.response, 201, "enqueueJob w4_form_employee_sync");
  check(w4.data?.params?.["individualId"] === individualId, "enqueueJob: params kept");
}
const noConnection = await client.POST("/api/v1/jobs",
  { headers: auth, body: { connectionId: "00000000-0000-4000-8000-000000000000", type: "data_sync_all" } });
problem(noConnection.response, noConnection.error, 404, "enqueueJob on an unknown connection");
const tracked = await client.POST("/api/v1/jobs/track",
  { headers: auth, body: { connectionId: connection.id, externalId: job.externalId } });
status(tracked.response, 200, "trackJob of a job already tracked");

// --- list with filters and cursor ---
// Queries are typed with the document's parameters (object literals: a parameter missing from the document
// is a type error here, which openapi-fetch's own call signature would let through).
type ListQuery = NonNullable<paths["/api/v1/jobs"]["get"]["parameters"]["query"]>;
type StatsQuery = NonNullable<paths["/api/v1/jobs/stats"]["get"]["parameters"]["query"]>;
const page1Query: ListQuery = { provider: ["finch"], connectionId: [connection.id], q: "", limit: 2, sort: "createdAt" };
const page1 = await client.GET("/api/v1/jobs", { headers: auth, params: { query: page1Query } });
status(page1.response, 200, "listJobs page 1");
check(page1.data?.items.length === 2 && page1.data.nextCursor, "listJobs page 1: two jobs and a cursor");
check(page1.data.items[0].id === job.id, "listJobs page 1: oldest first");
const page2Query: ListQuery = { ...page1Query, cursor: page1.data.nextCursor };
const page2 = await client.GET("/api/v1/jobs", { headers: auth, params: { query: page2Query } });
status(page2.response, 200, "listJobs page 2");
check(page2.data?.items.length === 1 && page2.data.nextCursor === null, "listJobs page 2: the last job, no cursor");
const byTypeQuery: ListQuery = {
  type: ["w4_form_employee_sync"],
  status: ["QUEUED", "RUNNING", "WAITING", "SUCCEEDED", "FAILED", "CANCELLED", "UNKNOWN"],
  statusReason: [],
  externalId: undefined,
  createdAfter: "2020-01-01T00:00:00Z",
  createdBefore: "2999-01-01T00:00:00Z",
  updatedAfter: "2020-01-01T00:00:00Z",
  updatedBefore: "2999-01-01T00:00:00Z",
};
const byType = await client.GET("/api/v1/jobs", { headers: auth, params: { query: byTypeQuery } });
status(byType.response, 200, "listJobs by type, status and time");
check(byType.data?.items.length === 2, "listJobs by type: the two w4 jobs");
const otherFiltersQuery: ListQuery = { provider: ["anon"], cursor: page1.data.nextCursor };
const otherFilters = await client.GET("/api/v1/jobs", { headers: auth, params: { query: otherFiltersQuery } });
problem(otherFilters.response, otherFilters.error, 400, "a cursor reused with other filters", "cursor");
const unknownParameter = await client.GET("/api/v1/jobs", {
  headers: auth,
  // not in the document (a typo, say): the server names it
  params: { query: { colour: "red" } as never },
});
problem(unknownParameter.response, unknownParameter.error, 400, "an unknown query parameter", "colour");

// --- stats ---
const statsQuery: StatsQuery = { groupBy: ["provider", "status"], provider: ["finch"] };
const stats = await client.GET("/api/v1/jobs/stats", { headers: auth, params: { query: statsQuery } });
status(stats.response, 200, "getJobStats");
check(stats.data?.total === 3, "getJobStats: three jobs");
check(stats.data.groups.every((g) => g.provider === "finch" && g.status !== undefined && g.count > 0),
  "getJobStats: groups by provider and status");

// --- one job, refresh, history, raw ---
const full = await client.GET("/api/v1/jobs/{id}", { headers: auth, params: { path: { id: job.id } } });
status(full.response, 200, "getJob");
check(full.data?.id === job.id && Array.isArray(full.data.steps) && Array.isArray(full.data.faults), "getJob: the full job");
const refreshed = await client.POST("/api/v1/jobs/{id}/refresh", { headers: auth, params: { path: { id: job.id } } });
status(refreshed.response, 200, "refreshJob");
check(refreshed.data?.stale === false && refreshed.data.syncedAt !== null, "refreshJob: read from the vendor now");
const history = await client.GET("/api/v1/jobs/{id}/history", { headers: auth, params: { path: { id: job.id } } });
status(history.response, 200, "getJobHistory");
check(history.data?.items[0]?.source === "create", "getJobHistory: starts with create");
const raw = await client.GET("/api/v1/jobs/{id}/raw", { headers: auth, params: { path: { id: job.id } } });
status(raw.response, 200, "getJobRaw");
check(typeof raw.data === "object" && raw.data !== null && JSON.stringify(raw.data).includes(job.externalId),
  "getJobRaw: the vendor's payload");
const missing = await client.GET("/api/v1/jobs/{id}",
  { headers: auth, params: { path: { id: "00000000-0000-4000-8000-000000000000" } } });
problem(missing.response, missing.error, 404, "getJob of an unknown job");

// --- providers ---
const providers = await client.GET("/api/v1/providers", { headers: auth });
status(providers.response, 200, "listProviders");
check(providers.data?.items.map((p) => p.provider).join(",") === "finch,anon,invopop", "listProviders: the three vendors");

// --- a second connection, deleted ---
const anon = await client.POST("/api/v1/connections",
  { headers: auth, body: { provider: "anon", name: "Acme anon", credentials: { token: "anon-key" } } });
status(anon.response, 201, "createConnection anon");
const deleted = await client.DELETE("/api/v1/connections/{id}", { headers: auth, params: { path: { id: anon.data!.id } } });
status(deleted.response, 204, "deleteConnection");
const gone = await client.POST("/api/v1/jobs",
  { headers: auth, body: { connectionId: anon.data!.id, type: "6f1d2c3b-1111-4222-8333-444455556666" } });
problem(gone.response, gone.error, 404, "enqueueJob on a deleted connection");

console.log(`tour: ${checks} checks passed`);
