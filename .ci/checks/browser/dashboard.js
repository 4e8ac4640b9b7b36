// Drives the dashboard in Debian's chromium against a Jobtower in demo mode, as a person would:
// enters the key, sees jobs of all three vendors, watches a row change status without a reload,
// filters FAILED, opens a job and sees its steps and history; then sees both analytics charts drawn
// with data, filters to overdue jobs and opens the bookmarked view again. Exits non-zero on the first miss.
//
// usage: node dashboard.js <base url> <api key> <directory for screenshots>
'use strict';

const path = require('path');
const { chromium } = require('playwright-core');

const [base, apiKey, outDir] = process.argv.slice(2);
if (!base || !apiKey || !outDir) {
  console.error('usage: node dashboard.js <base url> <api key> <screenshot dir>');
  process.exit(2);
}

const results = [];

async function check(name, fn) {
  const started = Date.now();
  await fn();
  results.push(name);
  console.log(`ok   ${name} (${((Date.now() - started) / 1000).toFixed(1)} s)`);
}

function fail(message) {
  throw new Error(message);
}

(async () => {
  const browser = await chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'],
  });
  const page = await browser.newPage({ viewport: { width: 1360, height: 1000 } });
  const pageErrors = [];
  page.on('pageerror', (e) => pageErrors.push(e.message));
  const requests = [];
  page.on('request', (r) => requests.push(r.url()));

  try {
    await check('the dashboard asks for an API key', async () => {
      const answer = await page.goto(base, { waitUntil: 'domcontentloaded' });
      if (!answer || answer.status() !== 200) fail(`GET ${base} answered ${answer && answer.status()}`);
      await page.waitForSelector('[data-testid=api-key]', { state: 'visible', timeout: 10000 });
    });

    await check('a wrong key is refused', async () => {
      await page.fill('[data-testid=api-key]', 'jt_not_a_key_at_all_000000');
      await page.click('[data-testid=sign-in]');
      await page.waitForSelector('#signin-error:not([hidden])', { timeout: 10000 });
    });

    await check('with the key, jobs of all three vendors are listed in one table', async () => {
      await page.fill('[data-testid=api-key]', apiKey);
      await page.click('[data-testid=sign-in]');
      await page.waitForSelector('#rows tr', { timeout: 20000 });
      // demo mode starts a job every few seconds, vendor after vendor; the list fills in live
      await page.waitForFunction(() => ['finch', 'anon', 'invopop']
        .every((p) => document.querySelector(`#rows tr[data-provider="${p}"]`)), null, { timeout: 60000 });
      const stored = await page.evaluate(() => sessionStorage.getItem('jobtower.apiKey'));
      if (stored !== apiKey) fail('the key is not kept in sessionStorage');
      // the counts follow the live list: they are read again 1 s after a change (app.js, scheduleStats)
      await page.waitForFunction(() => document.querySelectorAll('[data-testid=counts] tbody tr').length === 3,
        null, { timeout: 10000 }).catch(() => {});
      const counted = await page.$$eval('[data-testid=counts] tbody tr', (rows) => rows.length);
      if (counted !== 3) fail(`the counts table has ${counted} provider rows, not 3 (10 s after all three were listed)`);
    });

    await check('a row changes status while the page stays loaded (live updates)', async () => {
      await page.waitForSelector('#live[data-state=live]', { timeout: 20000 });
      await page.evaluate(() => { window.__notReloaded = true; });
      const watched = await page.$$eval('#rows tr', (rows) => rows
        .filter((r) => ['QUEUED', 'RUNNING', 'WAITING'].includes(r.dataset.status))
        .map((r) => [r.dataset.jobId, r.dataset.status]));
      if (!watched.length) fail('no unfinished job on screen to watch');
      const handle = await page.waitForFunction((pairs) => {
        for (const [id, status] of pairs) {
          const row = document.querySelector(`#rows tr[data-job-id="${id}"]`);
          if (row && row.dataset.status !== status) return `${id}: ${status} -> ${row.dataset.status}`;
        }
        return false;
      }, watched, { timeout: 90000, polling: 250 });
      console.log(`     ${await handle.jsonValue()}`);
      if (!(await page.evaluate(() => window.__notReloaded === true))) fail('the page was reloaded');
      const streamed = requests.filter((u) => u.includes('/api/v1/jobs/events'));
      if (!streamed.length) fail('the page never opened the event stream');
      if (requests.some((u) => u.includes(apiKey))) fail('the API key appeared in a URL');
    });

    await page.screenshot({ path: path.join(outDir, 'dashboard.png') });

    await check('filtering FAILED shows only failed jobs', async () => {
      await page.selectOption('#filter-status', 'FAILED');
      await page.waitForFunction(() => {
        const rows = Array.from(document.querySelectorAll('#rows tr'));
        return rows.length > 0 && rows.every((r) => r.dataset.status === 'FAILED');
      }, null, { timeout: 90000, polling: 250 });
      const statuses = await page.$$eval('#rows tr', (rows) => rows.map((r) => r.dataset.status));
      if (statuses.some((s) => s !== 'FAILED')) fail(`non-FAILED rows under the FAILED filter: ${statuses}`);
    });

    await page.screenshot({ path: path.join(outDir, 'dashboard-failed.png') });

    await check('a job opens with its steps and status history', async () => {
      // Finch jobs have no steps; anon runs and Invopop jobs do
      await page.selectOption('#filter-status', '');
      await page.selectOption('#filter-provider', 'invopop');
      await page.waitForFunction(() => {
        const rows = Array.from(document.querySelectorAll('#rows tr'));
        return rows.length > 0 && rows.every((r) => r.dataset.provider === 'invopop');
      }, null, { timeout: 30000 });
      await page.click('#rows tr:not([data-status="QUEUED"]) a');
      await page.waitForSelector('[data-testid=detail-title]', { timeout: 10000 });
      await page.waitForSelector('[data-testid=step]', { timeout: 10000 });
      await page.waitForSelector('[data-testid=history-row]', { timeout: 10000 });
      const steps = await page.$$eval('[data-testid=step]', (s) => s.length);
      const history = await page.$$eval('[data-testid=history-row]', (s) => s.length);
      console.log(`     ${steps} step(s), ${history} status change(s)`);
      if (!page.url().includes('#/jobs/')) fail('the job has no address of its own');
    });

    await page.screenshot({ path: path.join(outDir, 'dashboard-job.png'), fullPage: true });

    await check('back to the list', async () => {
      await page.click('#back');
      await page.waitForSelector('#jobs-view:not([hidden]) #rows tr', { timeout: 10000 });
    });

    // ---- analytics (analytics.js): charts, the overdue filter, a bookmarked view
    await check('both charts are drawn with data (uPlot from its WebJar)', async () => {
      await page.selectOption('#filter-provider', '');
      await page.waitForFunction(() => ['throughput-chart', 'durations-chart'].every((id) => {
        const el = document.getElementById(id);
        return el && el.dataset.drawn === 'true' && Number(el.dataset.points) > 0 && el.querySelector('canvas');
      }), null, { timeout: 60000, polling: 500 });
      const inked = await page.evaluate(() => ['throughput-chart', 'durations-chart'].map((id) => {
        const c = document.querySelector('#' + id + ' canvas');
        const px = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
        let n = 0;
        for (let i = 3; i < px.length; i += 4) if (px[i] > 0) n++;
        return n;
      }));
      if (inked.some((n) => n < 500)) fail(`a chart canvas is (almost) blank: ${inked} inked pixels`);
      if (!requests.some((u) => u.includes('/webjars/uplot/'))) fail('uPlot was not loaded from the WebJar');
      console.log(`     inked pixels: throughput ${inked[0]}, durations ${inked[1]}`);
    });

    await page.screenshot({ path: path.join(outDir, 'dashboard-charts.png'), fullPage: true });

    await check('the overdue badge filters the list to overdue jobs', async () => {
      await page.waitForFunction(() => Number(document.getElementById('overdue-badge').dataset.count) > 0,
        null, { timeout: 90000, polling: 500 });
      await page.selectOption('#chart-range', '24h');
      await page.click('[data-testid=overdue-badge]');
      await page.waitForFunction(() => {
        const rows = Array.from(document.querySelectorAll('#rows tr'));
        return rows.length > 0 && rows.every((r) => r.querySelector('[data-testid=overdue-mark]'));
      }, null, { timeout: 30000, polling: 250 });
      if (!(await page.isChecked('[data-testid=filter-overdue]'))) fail('the overdue filter is not shown as on');
      const url = new URL(page.url());
      if (url.searchParams.get('overdue') !== 'true' || url.searchParams.get('range') !== '24h') {
        fail(`the view is not in the URL: ${page.url()}`);
      }
    });

    await page.screenshot({ path: path.join(outDir, 'dashboard-overdue.png'), fullPage: true });

    await check('a bookmarked URL opens the same view', async () => {
      const bookmark = page.url();
      await page.goto('about:blank');
      await page.goto(bookmark, { waitUntil: 'domcontentloaded' });
      await page.waitForFunction(() => {
        const rows = Array.from(document.querySelectorAll('#rows tr'));
        return rows.length > 0 && rows.every((r) => r.querySelector('[data-testid=overdue-mark]'));
      }, null, { timeout: 30000, polling: 250 });
      if (!(await page.isChecked('[data-testid=filter-overdue]'))) fail('after the reload the overdue filter is off');
      const range = await page.inputValue('[data-testid=chart-range]');
      if (range !== '24h') fail(`after the reload the chart range is ${range}`);
      await page.waitForFunction(() => ['throughput-chart', 'durations-chart']
        .every((id) => document.getElementById(id).dataset.drawn === 'true'), null, { timeout: 30000 });
      const listed = requests.filter((u) => u.includes('/api/v1/jobs?') && u.includes('overdue=true'));
      if (!listed.length) fail('the list was not asked for overdue jobs');
      console.log(`     ${bookmark.replace(base, '/')}`);
    });

    await page.screenshot({ path: path.join(outDir, 'dashboard-bookmark.png'), fullPage: true });

    if (pageErrors.length) fail(`script errors on the page: ${pageErrors.join('; ')}`);
    console.log(`browser: ${results.length} passed, 0 failed`);
  } catch (e) {
    console.error(`FAIL ${e.message}`);
    await page.screenshot({ path: path.join(outDir, 'dashboard-failure.png'), fullPage: true }).catch(() => {});
    console.error(`     screenshot: ${path.join(outDir, 'dashboard-failure.png')}`);
    console.log(`browser: ${results.length} passed, 1 failed`);
    process.exitCode = 1;
  } finally {
    await browser.close();
  }
})();
