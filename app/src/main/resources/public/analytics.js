// Jobtower dashboard analytics: finished jobs and failure rate over time, duration p50/p95 per
// provider and type (charts drawn by uPlot, served from its WebJar), the overdue badge and each
// connection's health. Builds on app.js (window.Jobtower): its API client, DOM helper and filters;
// the charts follow the list's filters, and the chart range is kept in the URL with them.
'use strict';

(() => {
  const J = window.Jobtower;
  if (!J) return;
  const $ = (id) => document.getElementById(id);
  const h = J.h;
  const RANGES = {
    '24h': { ms: 24 * 3600e3, interval: 'hour', unit: 3600e3 },
    '7d': { ms: 7 * 24 * 3600e3, interval: 'hour', unit: 3600e3 },
    '30d': { ms: 30 * 24 * 3600e3, interval: 'day', unit: 24 * 3600e3 },
  };
  const COLORS = { finished: '#2f5bd3', failed: '#b42318', p50: '#2f5bd3', p95: '#9a6400' };
  const charts = {};
  let range = new URLSearchParams(location.search).get('range');
  if (!RANGES[range]) range = '7d';
  let token = 0;
  let reloadTimer = null;

  /**
   * The list's filters as API parameters (the sort does not apply to aggregates). The charts leave
   * out the overdue filter: they are about finished jobs, and a finished job is never overdue.
   */
  function filterParams(withOverdue = true) {
    const f = J.filters();
    const p = new URLSearchParams();
    if (f.provider) p.set('provider', f.provider);
    if (f.status) p.set('status', f.status);
    if (f.q) p.set('q', f.q);
    if (withOverdue && f.overdue) p.set('overdue', 'true');
    return p;
  }

  function windowStart() {
    const r = RANGES[range];
    return new Date(Math.floor((Date.now() - r.ms) / r.unit) * r.unit + r.unit);
  }

  function rangeToUrl() {
    const p = new URLSearchParams(location.search);
    if (range === '7d') p.delete('range'); else p.set('range', range);
    const qs = p.toString();
    history.replaceState(history.state, '', location.pathname + (qs ? '?' + qs : '') + location.hash);
  }

  // ---- charts ------------------------------------------------------------------------------

  function chartWidth(el) {
    return Math.max(320, el.clientWidth || el.parentElement.clientWidth - 32);
  }

  /** Draws (or redraws) a chart; marks the container with how many points it shows. */
  function draw(id, opts, data, points) {
    const el = $(id);
    if (charts[id]) charts[id].destroy();
    el.replaceChildren();
    el.dataset.points = String(points);
    if (!points) {
      delete charts[id];
      el.dataset.drawn = 'empty';
      el.append(h('div', { class: 'empty-chart' }, 'No finished jobs in this range.'));
      return;
    }
    opts.width = chartWidth(el);
    opts.height = 240;
    charts[id] = new uPlot(opts, data, el);
    el.dataset.drawn = 'true';
  }

  const bars = (size, align = 0) => (uPlot.paths && uPlot.paths.bars ? uPlot.paths.bars({ size: [size, 60], align }) : undefined);
  const short = (text, n) => (text.length > n ? text.slice(0, n - 1) + '…' : text);

  async function loadThroughput(my) {
    const r = RANGES[range];
    const p = filterParams(false);
    p.set('completedAfter', windowStart().toISOString());
    p.set('interval', r.interval);
    p.set('groupBy', 'status');
    const ts = await J.api('/api/v1/jobs/stats/timeseries?' + p.toString());
    if (my !== token) return;
    const xs = [];
    const finished = [];
    const rate = [];
    for (const b of ts.buckets) {
      xs.push(Date.parse(b.start) / 1000);
      let all = 0;
      let failed = 0;
      for (const g of b.groups) {
        all += g.count;
        if (g.status === 'FAILED') failed += g.count;
      }
      finished.push(all);
      rate.push(all ? Math.round((failed / all) * 1000) / 10 : null);
    }
    const total = finished.reduce((a, b) => a + b, 0);
    $('throughput-note').textContent = total.toLocaleString() + ' finished, per ' + r.interval;
    draw('throughput-chart', {
      series: [
        {},
        { label: 'Finished', stroke: COLORS.finished, fill: 'rgba(47, 91, 211, .25)', width: 1, paths: bars(0.8),
          points: { show: false } },
        { label: 'Failure rate %', scale: '%', stroke: COLORS.failed, width: 2, spanGaps: false,
          points: { show: true, size: 4 } },
      ],
      scales: { y: { range: (u, min, max) => [0, Math.max(1, max) * 1.1] }, '%': { range: [0, 100] } },
      axes: [{}, { label: 'jobs' }, { scale: '%', side: 1, label: 'failed %', grid: { show: false } }],
    }, [xs, finished, rate], total);
  }

  async function loadDurations(my) {
    const p = filterParams(false);
    p.set('completedAfter', windowStart().toISOString());
    const d = await J.api('/api/v1/jobs/stats/durations?' + p.toString());
    if (my !== token) return;
    const groups = d.groups.slice().sort((a, b) => b.count - a.count).slice(0, 12);
    const labels = groups.map((g) => (J.PROVIDER_LABEL[g.provider] || g.provider) + ' · ' + (g.type || '—'));
    const xs = groups.map((g, i) => i);
    $('durations-note').textContent = groups.length ? 'minutes, over ' + d.groups.reduce((a, g) => a + g.count, 0).toLocaleString() + ' finished' : '';
    const minutes = (v) => Math.round((v / 60) * 10) / 10;
    draw('durations-chart', {
      scales: {
        x: { time: false, range: [-0.5, Math.max(0.5, groups.length - 0.5)] },
        y: { range: (u, min, max) => [0, Math.max(0.1, max) * 1.1] },
      },
      series: [
        { label: 'group', value: (u, i) => (i == null ? '' : labels[Math.round(i)] || '') },
        { label: 'p50 min', stroke: COLORS.p50, fill: 'rgba(47, 91, 211, .45)', width: 1, paths: bars(0.35, -1),
          points: { show: false } },
        { label: 'p95 min', stroke: COLORS.p95, fill: 'rgba(154, 100, 0, .35)', width: 1, paths: bars(0.35, 1),
          points: { show: false } },
      ],
      axes: [
        { splits: () => xs, values: (u, splits) => splits.map((i) => short(labels[i] || '', 22)), size: 90,
          rotate: -30, font: '11px system-ui', gap: 4 },
        { label: 'minutes' },
      ],
      legend: { show: true },
    }, [xs, groups.map((g) => minutes(g.p50Seconds)), groups.map((g) => minutes(g.p95Seconds))], groups.length);
    // the figures as text too (screen readers, copying)
    $('durations-chart').setAttribute('aria-label', groups.map((g, i) => labels[i] + ': p50 ' + minutes(g.p50Seconds)
      + ' min, p95 ' + minutes(g.p95Seconds) + ' min').join('; '));
  }

  // ---- overdue badge -----------------------------------------------------------------------

  async function loadOverdue(my) {
    const p = filterParams(false);
    p.set('overdue', 'true');
    p.set('groupBy', 'provider');
    const stats = await J.api('/api/v1/jobs/stats?' + p.toString());
    if (my !== token) return;
    const badge = $('overdue-badge');
    const on = J.filters().overdue === 'true';
    badge.hidden = false;
    badge.dataset.count = String(stats.total);
    badge.setAttribute('aria-pressed', on ? 'true' : 'false');
    badge.classList.toggle('none', stats.total === 0 && !on);
    badge.textContent = stats.total === 0 ? 'No overdue jobs'
      : stats.total.toLocaleString() + (stats.total === 1 ? ' overdue job' : ' overdue jobs') + (on ? ' · show all' : '');
    badge.title = on ? 'Show every job again' : 'Show only the jobs past their deadline';
  }

  // ---- connection health -------------------------------------------------------------------

  async function loadHealth(my) {
    const [connections, providers] = await Promise.all([J.api('/api/v1/connections'), J.api('/api/v1/providers')]);
    if (my !== token) return;
    const byProvider = {};
    for (const p of providers.items || []) byProvider[p.provider] = p;
    const head = h('thead', null, h('tr', null, h('th', null, 'Connection'), h('th', null, 'Provider'),
      h('th', null, 'Circuit'), h('th', null, 'Last error'), h('th', null, 'Last failure'), h('th', null, 'Last success')));
    const rows = (connections.items || []).map((c) => {
      // a connection's own health when the API gives it, else its provider's (as this instance sees it)
      const health = c.health || byProvider[c.provider] || {};
      const circuit = health.circuit || 'CLOSED';
      return h('tr', { dataset: { connectionId: c.id } },
        h('td', null, c.name || c.id),
        h('td', null, J.providerBadge(c.provider)),
        h('td', null, h('span', { class: 'circuit ' + circuit }, circuit)),
        h('td', { class: 'mono' }, health.lastError || '—'),
        h('td', null, health.lastFailureAt ? new Date(health.lastFailureAt).toLocaleString() : '—'),
        h('td', null, health.lastSuccessAt ? new Date(health.lastSuccessAt).toLocaleString() : '—'));
    });
    if (!rows.length) rows.push(h('tr', null, h('td', { colspan: '6', class: 'muted' }, 'No connections yet.')));
    $('health').replaceChildren(head, h('tbody', null, rows));
  }

  // ---- wiring ------------------------------------------------------------------------------

  async function reload() {
    if (!J.signedIn() || !window.uPlot) return;
    const my = ++token;
    const parts = [loadThroughput(my), loadDurations(my), loadOverdue(my), loadHealth(my)];
    for (const r of await Promise.allSettled(parts)) {
      if (r.status === 'rejected' && window.console) console.warn('analytics:', r.reason && r.reason.message);
    }
  }

  function scheduleReload(ms) {
    if (reloadTimer) return;
    reloadTimer = setTimeout(() => {
      reloadTimer = null;
      reload();
    }, ms);
  }

  $('chart-range').value = range;
  $('chart-range').addEventListener('change', (e) => {
    range = RANGES[e.target.value] ? e.target.value : '7d';
    rangeToUrl();
    reload();
  });
  $('overdue-badge').addEventListener('click', () => {
    const on = J.filters().overdue === 'true';
    if (!on && $('overdue-badge').dataset.count === '0') return;
    J.setFilters({ overdue: on ? '' : 'true' });
  });
  J.onFilters(() => reload());
  J.onStart(() => reload());
  J.onChange(() => scheduleReload(5000));
  let resizeTimer = null;
  window.addEventListener('resize', () => {
    clearTimeout(resizeTimer);
    resizeTimer = setTimeout(() => {
      for (const [id, chart] of Object.entries(charts)) chart.setSize({ width: chartWidth($(id)), height: 240 });
    }, 200);
  });
  setInterval(() => { if (!document.hidden) reload(); }, 60000);
  if (J.signedIn()) reload();
})();
