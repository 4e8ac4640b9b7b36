// Drives a Finch (the simulator, through a validating Prism proxy) with Finch's official Node SDK, and prints
// what it answered as one JSON line. Used by FinchSimulatorSdkCheckTest (run by .ci/checks/prism-finch.sh).
//   node finch-sdk-check.mjs <baseURL> <accessToken> start
//       jobs.automated.create (data_sync_all, w4_form_employee_sync), retrieve, list; account.introspect; the five benefits calls
//       (hris.benefits.create/update/register, individuals.enrollMany/unenrollMany) and jobs.manual.retrieve of
//       each job they name; the two 404s
//   node finch-sdk-check.mjs <baseURL> <accessToken> read <automatedId> <manualId>...
//       jobs.automated.retrieve and jobs.manual.retrieve again (after the test moved the simulator's clock)
// Any error the SDK raises that is not an expected 404 ends the script with exit code 1 and the error printed.
import Finch from '@tryfinch/finch-api';

const [baseURL, accessToken, phase, ...ids] = process.argv.slice(2);
const client = new Finch({ baseURL, accessToken, maxRetries: 0, timeout: 20_000 });
const out = {};
const individual = '8f3e2c8a-2b1d-4d7c-9c3a-0e5b6f7a8b9c';

const notFound = async (what, call) => {
  try {
    await call();
    throw new Error(what + ' answered where a 404 was expected');
  } catch (e) {
    if (!(e instanceof Finch.NotFoundError)) throw e;
    return { status: e.status, error: e.error ?? null };
  }
};

try {
  if (phase === 'start') {
    out.created = await client.jobs.automated.create({ type: 'data_sync_all' });
    out.retrieved = await client.jobs.automated.retrieve(out.created.job_id);
    out.w4 = await client.jobs.automated.create({ type: 'w4_form_employee_sync', params: { individual_id: individual } });
    out.list = await client.jobs.automated.list({ limit: 10, offset: 0 });
    out.introspect = await client.account.introspect();
    const created = await client.hris.benefits.create({ description: 'Demo 401k', type: '401k', frequency: 'every_paycheck' });
    const updated = await client.hris.benefits.update(created.benefit_id, { description: 'Demo 401k (renamed)' });
    const registered = await client.hris.benefits.register({ description: 'Commuter', type: 'commuter', frequency: 'monthly' });
    const enrolled = await client.hris.benefits.individuals.enrollMany(created.benefit_id, { individuals: [{ individual_id: individual }] });
    const unenrolled = await client.hris.benefits.individuals.unenrollMany(created.benefit_id, { individual_ids: [individual] });
    out.benefits = { create: created, update: updated, register: registered, enroll: enrolled, unenroll: unenrolled };
    out.manual = {};
    for (const [call, answer] of Object.entries(out.benefits)) out.manual[call] = await client.jobs.manual.retrieve(answer.job_id);
    out.automatedNotFound = await notFound('jobs.automated.retrieve', () => client.jobs.automated.retrieve(enrolled.job_id));
    out.manualNotFound = await notFound('jobs.manual.retrieve', () => client.jobs.manual.retrieve(out.created.job_id));
  } else if (phase === 'read') {
    const [automatedId, ...manualIds] = ids;
    out.automated = await client.jobs.automated.retrieve(automatedId);
    out.manual = [];
    for (const id of manualIds) out.manual.push(await client.jobs.manual.retrieve(id));
  } else {
    throw new Error('phase must be start or read');
  }
  console.log(JSON.stringify(out));
} catch (e) {
  console.error('SDK call failed: ' + (e?.status ?? '') + ' ' + (e?.message ?? e) + ' ' + JSON.stringify(e?.error ?? null));
  process.exit(1);
}
