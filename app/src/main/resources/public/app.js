// Jobtower dashboard: plain JavaScript, no build step.
// Everything shown comes from the API and is treated as untrusted text: the DOM is built with
// createElement/textContent only (never innerHTML), and links are followed only for http(s) URLs.
'use strict';

(() => {
  const KEY_STORAGE = 'jobtower.apiKey';
  const STATUSES = ['QUEUED', 'RUNNING', 'WAITING', 'SUCCEEDED', 'FAILED', 'CANCELLED', 'UNKNOWN'];
  // the vendors this instance follows and their labels, as GET /api/v1/providers lists them (loadProviders):
  // filled in place, so that what holds these (analytics.js) sees them
  const PROVIDERS = [];
  const PROVIDER_LABEL = {};
  const PROVIDER_NAME = /^[a-z][a-z0-9-]{0,31}$/;
  const PAGE_SIZE = 50;
  const STREAM_SILENCE_MS = 45000; // three missed heartbeats: the stream is dead, reconnect

  const $ = (id) => document.getElementById(id);
  const FILTER_NAMES = ['provider', 'status', 'q', 'sort', 'overdue'];
  const filterListeners = [];

  /** The filters named in the page's query string (a bookmarked or shared view). */
  function filtersFromUrl() {
    const p = new URLSearchParams(location.search);
    const f = {};
    if (PROVIDER_NAME.test(p.get('provider') || '')) f.provider = p.get('provider'); // the API checks it is one
    if (STATUSES.includes(p.get('status'))) f.status = p.get('status');
    if (p.get('q')) f.q = p.get('q').slice(0, 200);
    if (['-createdAt', '-updatedAt', 'createdAt'].includes(p.get('sort'))) f.sort = p.get('sort');
    if (p.get('overdue') === 'true') f.overdue = 'true';
    return f;
  }

  /** Writes the filters into the query string (keeping other parameters and the #route). */
  function filtersToUrl() {
    const p = new URLSearchParams(location.search);
    for (const name of FILTER_NAMES) {
      const v = state.filters[name];
      if (v && !(name === 'sort' && v === '-createdAt')) p.set(name, v); else p.delete(name);
    }
    const qs = p.toString();
    history.replaceState(history.state, '', location.pathname + (qs ? '?' + qs : '') + location.hash);
  }

  const state = {
    key: sessionStorage.getItem(KEY_STORAGE),
    // the current filters are kept in the page's query string too, so a view can be bookmarked
    filters: Object.assign({ provider: '', status: '', q: '', sort: '-createdAt', overdue: '' }, filtersFromUrl()),
    cursors: [null], // cursor of each page seen so far; the last one is the current page's
    nextCursor: null,
    listToken: 0,
    detailId: null,
    lastEventId: null,
    stream: null, // AbortController of the open stream
    streamGeneration: 0,
    wentLive: false,
  };

  // ---- DOM helpers -------------------------------------------------------------------------

  /** Builds an element; strings become text nodes, so nothing is ever parsed as HTML. */
  function h(tag, props, ...children) {
    const el = document.createElement(tag);
    for (const [k, v] of Object.entries(props || {})) {
      if (v == null || v === false) continue;
      if (k === 'class') el.className = v;
      else if (k === 'dataset') Object.assign(el.dataset, v);
      else if (k.startsWith('on')) el.addEventListener(k.slice(2), v);
      else el.setAttribute(k, v === true ? '' : String(v));
    }
    for (const c of children.flat(Infinity)) {
      if (c == null || c === false) continue;
      el.append(c instanceof Node ? c : document.createTextNode(String(c)));
    }
    return el;
  }

  /** A vendor URL is a link only when it is http(s); anything else (javascript:, data:) is not. */
  function safeUrl(text) {
    if (typeof text !== 'string') return null;
    try {
      const u = new URL(text, location.href);
      return u.protocol === 'https:' || u.protocol === 'http:' ? u.href : null;
    } catch (e) {
      return null;
    }
  }

  const absolute = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'medium' });

  function relative(date) {
    const s = Math.round((Date.now() - date.getTime()) / 1000);
    if (s < 0) return 'in ' + span(-s);
    if (s < 45) return 'just now';
    return span(s) + ' ago';
  }

  function span(s) {
    if (s < 90) return s + ' s';
    const m = Math.round(s / 60);
    if (m < 90) return m + ' min';
    const hrs = Math.round(m / 60);
    if (hrs < 36) return hrs + ' h';
    return Math.round(hrs / 24) + ' d';
  }

  function time(iso) {
    if (!iso) return h('span', { class: 'muted' }, '—');
    const d = new Date(iso);
    if (Number.isNaN(d.getTime())) return h('span', null, iso);
    return h('time', { class: 'time', datetime: iso, title: absolute.format(d) }, relative(d));
  }

  function refreshTimes() {
    for (const t of document.querySelectorAll('time[datetime]')) {
      t.textContent = relative(new Date(t.getAttribute('datetime')));
    }
  }

  const providerBadge = (p) => h('span', { class: 'provider ' + (PROVIDER_NAME.test(p) ? p : '') }, PROVIDER_LABEL[p] || p);
  const statusPill = (s) => h('span', { class: 'status ' + (STATUSES.includes(s) ? s : 'UNKNOWN') }, s || 'UNKNOWN');
  const overdueMark = (job) => h('span', { class: 'overdue', dataset: { testid: 'overdue-mark' },
    title: 'Past its deadline' + (job.overdueSince ? ' since ' + absolute.format(new Date(job.overdueSince)) : '') }, 'overdue');
  const staleMark = () => h('span', { class: 'stale', title: 'The last read from the vendor failed: this is the stored copy' }, 'stale');
  const dash = (v) => (v == null || v === '' ? '—' : v);

  function bytes(n) {
    if (n == null) return null;
    if (n < 1024) return n + ' B';
    if (n < 1024 * 1024) return (n / 1024).toFixed(1) + ' KB';
    return (n / 1024 / 1024).toFixed(1) + ' MB';
  }

  function duration(from, to) {
    if (!from || !to) return null;
    const s = Math.max(0, Math.round((new Date(to) - new Date(from)) / 1000));
    return s < 90 ? s + ' s' : span(s);
  }

  function show(id, visible) {
    $(id).hidden = !visible;
  }

  // ---- API ---------------------------------------------------------------------------------

  class Unauthorized extends Error {}

  async function api(path, options = {}) {
    const res = await fetch(path, {
      method: options.method || 'GET',
      headers: { Authorization: 'Bearer ' + state.key, Accept: 'application/json' },
      cache: 'no-store',
    });
    if (res.status === 401) {
      signOut('That API key was not accepted.');
      throw new Unauthorized();
    }
    const body = await res.json().catch(() => null);
    if (!res.ok) {
      const detail = body && typeof body.detail === 'string' ? body.detail : 'HTTP ' + res.status;
      throw new Error(detail);
    }
    return body;
  }

  // ---- sign-in -----------------------------------------------------------------------------

  async function signIn(event) {
    event.preventDefault();
    const key = $('api-key').value.trim();
    if (!key) return;
    state.key = key;
    try {
      await api('/api/v1/jobs/stats');
    } catch (e) {
      if (!(e instanceof Unauthorized)) showSignIn('Jobtower could not be reached: ' + e.message);
      return;
    }
    sessionStorage.setItem(KEY_STORAGE, key);
    $('api-key').value = '';
    start();
  }

  function showSignIn(message) {
    show('signin', true);
    show('jobs-view', false);
    show('detail-view', false);
    show('sign-out', false);
    $('signin-error').textContent = message || '';
    show('signin-error', Boolean(message));
    $('api-key').focus();
  }

  function signOut(message) {
    stopStream();
    state.key = null;
    state.lastEventId = null;
    state.wentLive = false;
    sessionStorage.removeItem(KEY_STORAGE);
    $('rows').replaceChildren();
    $('counts').replaceChildren();
    $('detail').replaceChildren();
    setLive('off');
    showSignIn(message);
  }

  const startListeners = [];
  const changeListeners = [];

  function start() {
    show('signin', false);
    show('sign-out', true);
    startStream();
    loadProviders().then(loadStats);
    route();
    for (const listener of startListeners) listener();
  }

  /** The vendors and their labels, from the API (the dashboard names none of its own); fills the provider filter. */
  async function loadProviders() {
    let list;
    try {
      list = await api('/api/v1/providers');
    } catch (e) {
      return; // the list shows the error; the counts still come
    }
    const items = list.items.filter((p) => PROVIDER_NAME.test(p.provider));
    PROVIDERS.splice(0, PROVIDERS.length, ...items.map((p) => p.provider));
    for (const p of items) PROVIDER_LABEL[p.provider] = p.label || p.provider;
    const select = $('filter-provider');
    const wanted = state.filters.provider;
    select.replaceChildren(select.options[0], ...PROVIDERS.map((p) => h('option', { value: p }, PROVIDER_LABEL[p])));
    select.value = wanted || '';
  }

  // ---- routing -----------------------------------------------------------------------------

  function route() {
    if (!state.key) return;
    const m = /^#\/jobs\/([0-9a-fA-F-]{36})$/.exec(location.hash);
    if (m) {
      showDetail(m[1]);
    } else {
      state.detailId = null;
      show('detail-view', false);
      show('jobs-view', true);
      loadList();
    }
  }

  // ---- counts ------------------------------------------------------------------------------

  let statsTimer = null;

  function scheduleStats() {
    if (statsTimer) return;
    statsTimer = setTimeout(() => {
      statsTimer = null;
      loadStats();
    }, 1000);
  }

  async function loadStats() {
    let stats;
    try {
      stats = await api('/api/v1/jobs/stats?groupBy=provider,status');
    } catch (e) {
      return; // the list shows the error; counts come back with the next change
    }
    const counts = {};
    for (const g of stats.groups) {
      counts[g.provider] = counts[g.provider] || {};
      counts[g.provider][g.status] = g.count;
    }
    const head = h('thead', null, h('tr', null, h('th', null, 'Provider'), STATUSES.map((s) => h('th', null, s)), h('th', null, 'Total')));
    const body = h('tbody', null, PROVIDERS.map((p) => {
      const row = counts[p] || {};
      const total = Object.values(row).reduce((a, b) => a + b, 0);
      return h('tr', { dataset: { provider: p } },
        h('td', null, providerBadge(p)),
        STATUSES.map((s) => {
          const n = row[s] || 0;
          return h('td', { class: n ? null : 'zero', dataset: { status: s } },
            n ? h('button', { type: 'button', class: 'count', title: 'Show ' + PROVIDER_LABEL[p] + ' jobs that are ' + s,
              onclick: () => setFilters({ provider: p, status: s }) }, n.toLocaleString()) : '0');
        }),
        h('td', { class: 'total' }, total.toLocaleString()));
    }));
    $('counts').replaceChildren(head, body);
    $('total').textContent = stats.total.toLocaleString() + (stats.total === 1 ? ' job' : ' jobs');
  }

  // ---- the job list ------------------------------------------------------------------------

  function setFilters(changes) {
    Object.assign(state.filters, changes);
    $('filter-provider').value = state.filters.provider;
    $('filter-status').value = state.filters.status;
    $('filter-q').value = state.filters.q;
    $('filter-sort').value = state.filters.sort;
    $('filter-overdue').checked = state.filters.overdue === 'true';
    filtersToUrl();
    for (const listener of filterListeners) listener(state.filters);
    state.cursors = [null];
    if (location.hash && location.hash !== '#') {
      location.hash = '#'; // back to the list; the hashchange loads it
    } else {
      loadList();
    }
  }

  function listUrl(cursor) {
    const p = new URLSearchParams();
    const f = state.filters;
    if (f.provider) p.set('provider', f.provider);
    if (f.status) p.set('status', f.status);
    if (f.q) p.set('q', f.q);
    if (f.overdue) p.set('overdue', 'true');
    if (f.sort !== '-createdAt') p.set('sort', f.sort);
    p.set('limit', String(PAGE_SIZE));
    if (cursor) p.set('cursor', cursor);
    return '/api/v1/jobs?' + p.toString();
  }

  async function loadList() {
    const token = ++state.listToken;
    const cursor = state.cursors[state.cursors.length - 1];
    let page;
    try {
      page = await api(listUrl(cursor));
    } catch (e) {
      if (token !== state.listToken || e instanceof Unauthorized) return;
      $('list-error').textContent = 'The jobs could not be loaded: ' + e.message;
      show('list-error', true);
      return;
    }
    if (token !== state.listToken) return; // a newer request is under way
    show('list-error', false);
    state.nextCursor = page.nextCursor;
    $('rows').replaceChildren(...page.items.map(jobRow));
    updatePager();
  }

  function updatePager() {
    const n = $('rows').children.length;
    show('empty', n === 0);
    $('prev').disabled = state.cursors.length <= 1;
    $('next').disabled = !state.nextCursor;
    $('page').textContent = 'Page ' + state.cursors.length;
  }

  function jobRow(job) {
    const title = job.name || job.type || job.externalId;
    const sub = [job.name && job.type ? job.type : null, job.externalId].filter(Boolean).join(' · ');
    const open = () => { location.hash = '#/jobs/' + encodeURIComponent(job.id); };
    return h('tr', {
      dataset: { jobId: job.id, provider: job.provider, status: job.status, createdAt: job.createdAt, updatedAt: job.updatedAt },
      onclick: (e) => { if (!e.target.closest('a')) open(); },
    },
    h('td', null, providerBadge(job.provider)),
    h('td', null,
      h('div', { class: 'job-title', title }, h('a', { href: '#/jobs/' + encodeURIComponent(job.id) }, title)),
      h('div', { class: 'job-sub', title: sub }, sub)),
    h('td', null, statusPill(job.status), job.statusReason ? h('span', { class: 'reason' }, job.statusReason) : null,
      job.overdue ? overdueMark(job) : null),
    h('td', { class: 'mono' }, dash(job.vendorStatus)),
    h('td', null, time(job.createdAt)),
    h('td', null, time(job.updatedAt)),
    h('td', null, job.stale ? staleMark() : null));
  }

  /** Whether a job belongs in the list as filtered now (the server's filter, applied here to live changes). */
  function matchesFilters(job) {
    const f = state.filters;
    if (f.provider && job.provider !== f.provider) return false;
    if (f.status && job.status !== f.status) return false;
    if (f.overdue && !job.overdue) return false;
    if (f.q) {
      const q = f.q.toLowerCase();
      if (![job.name, job.type, job.externalId].some((v) => typeof v === 'string' && v.toLowerCase().includes(q))) return false;
    }
    return true;
  }

  /** Negative when a sorts before b in the current order. */
  function compareRows(a, b) {
    const sort = state.filters.sort;
    const field = sort.endsWith('updatedAt') ? 'updatedAt' : 'createdAt';
    const dir = sort.startsWith('-') ? -1 : 1;
    const d = (Date.parse(a[field]) - Date.parse(b[field])) || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
    return d * dir;
  }

  /** Applies one live change to the list on screen: updated in place, moved, added or removed. */
  function applyToList(job) {
    const tbody = $('rows');
    const existing = tbody.querySelector('tr[data-job-id="' + CSS.escape(job.id) + '"]');
    if (existing) existing.remove();
    if (!matchesFilters(job)) {
      updatePager();
      return;
    }
    const rows = Array.from(tbody.children);
    const before = rows.find((tr) => compareRows(job, { id: tr.dataset.jobId, createdAt: tr.dataset.createdAt, updatedAt: tr.dataset.updatedAt }) < 0);
    const firstPage = state.cursors.length === 1;
    // a job sorting before this page's first row belongs to an earlier page; after its last, to a later one
    if ((before === rows[0] && rows.length && !firstPage) || (!before && state.nextCursor)) {
      updatePager();
      return;
    }
    const tr = jobRow(job);
    tbody.insertBefore(tr, before || null);
    if (tbody.children.length > PAGE_SIZE && state.nextCursor) tbody.lastElementChild.remove();
    tr.classList.add('flash');
    requestAnimationFrame(() => requestAnimationFrame(() => tr.classList.remove('flash')));
    updatePager();
  }

  // ---- a job in full -----------------------------------------------------------------------

  let detailTimer = null;
  let detailToken = 0;

  async function showDetail(id) {
    const fresh = state.detailId !== id;
    state.detailId = id;
    show('jobs-view', false);
    show('detail-view', true);
    if (fresh) $('detail').replaceChildren(h('p', { class: 'muted' }, 'Loading…'));
    const token = ++detailToken;
    let job;
    let history;
    try {
      [job, history] = await Promise.all([
        api('/api/v1/jobs/' + encodeURIComponent(id)),
        api('/api/v1/jobs/' + encodeURIComponent(id) + '/history'),
      ]);
    } catch (e) {
      if (token === detailToken && !(e instanceof Unauthorized)) {
        $('detail').replaceChildren(h('p', { class: 'error' }, 'The job could not be loaded: ' + e.message));
      }
      return;
    }
    if (token !== detailToken || state.detailId !== id) return;
    $('detail').replaceChildren(renderDetail(job, history.items));
  }

  function scheduleDetail() {
    clearTimeout(detailTimer);
    detailTimer = setTimeout(() => { if (state.detailId) showDetail(state.detailId); }, 400);
  }

  function renderDetail(job, history) {
    const title = job.name || job.type || job.externalId;
    const refreshNote = h('span', { class: 'muted', 'aria-live': 'polite' });
    const refresh = h('button', {
      type: 'button', class: 'secondary', onclick: async () => {
        refresh.disabled = true;
        refreshNote.textContent = 'Reading from the vendor…';
        try {
          await api('/api/v1/jobs/' + encodeURIComponent(job.id) + '/refresh', { method: 'POST' });
          refreshNote.textContent = '';
          showDetail(job.id);
        } catch (e) {
          refreshNote.textContent = e instanceof Unauthorized ? '' : e.message;
          refresh.disabled = false;
        }
      },
    }, 'Refresh from vendor');

    const head = h('div', { class: 'card detail-head' },
      h('div', { class: 'detail-title' },
        h('div', { class: 'detail-marks' }, providerBadge(job.provider), statusPill(job.status),
          job.statusReason ? h('span', { class: 'reason' }, job.statusReason) : null, job.stale ? staleMark() : null),
        h('h1', { dataset: { testid: 'detail-title' } }, title),
        h('div', { class: 'job-sub' }, job.externalId)),
      h('div', { class: 'detail-marks' }, refreshNote, refresh));

    const main = h('div', null,
      panel('Steps', renderSteps(job.steps), 'steps'),
      panel('Status history', renderHistory(history), 'history'),
      panel('Faults', renderFaults(job.faults), 'faults'));
    const side = h('div', null,
      panel('Details', renderFacts(job), 'facts'),
      panel('Attachments', renderAttachments(job.attachments), 'attachments'),
      panel('Parameters', json(job.params), 'params'),
      panel('Vendor attributes', json(job.attributes), 'attributes'),
      panel('Vendor payload', rawPayload(job.id), 'raw'));
    return h('div', { dataset: { jobId: job.id, status: job.status } }, head, h('div', { class: 'detail-grid' }, main, side));
  }

  function panel(title, content, testid) {
    return h('section', { class: 'card panel', dataset: { testid } }, h('h3', null, title), content);
  }

  function json(value) {
    const empty = value == null || (typeof value === 'object' && Object.keys(value).length === 0);
    return empty ? h('p', { class: 'none' }, 'None') : h('pre', { class: 'json' }, JSON.stringify(value, null, 2));
  }

  function renderFacts(job) {
    const vendorUrl = safeUrl(job.vendorUrl);
    const facts = [
      ['Provider', PROVIDER_LABEL[job.provider] || job.provider],
      ['Vendor id', h('span', { class: 'mono' }, job.externalId)],
      ['Type', dash(job.type)],
      ['Name', dash(job.name)],
      ['Vendor status', h('span', { class: 'mono' }, dash(job.vendorStatus))],
      ['Created', time(job.createdAt)],
      ['Scheduled', time(job.scheduledAt)],
      ['Started', time(job.startedAt)],
      ['Completed', time(job.completedAt)],
      ['Updated', time(job.updatedAt)],
      ['Last read', time(job.syncedAt)],
      ['Connection', h('span', { class: 'mono' }, job.connectionId)],
      ['Tags', job.tags && job.tags.length ? job.tags.join(', ') : '—'],
      ['At the vendor', vendorUrl ? h('a', { href: vendorUrl, target: '_blank', rel: 'noopener noreferrer' }, 'Open') : '—'],
      ['Jobtower id', h('span', { class: 'mono' }, job.id)],
    ];
    return h('dl', { class: 'facts' }, facts.map(([k, v]) => [h('dt', null, k), h('dd', null, v)]));
  }

  function renderSteps(steps) {
    if (!steps || !steps.length) return h('p', { class: 'none' }, 'This job reports no steps.');
    return h('ol', { class: 'timeline' }, steps.map((s) => {
      const took = duration(s.startedAt, s.completedAt);
      return h('li', { dataset: { testid: 'step', status: s.status } },
        h('span', { class: 'step-dot ' + (STATUSES.includes(s.status) ? s.status : 'UNKNOWN') }),
        h('div', { class: 'step-head' }, h('span', { class: 'step-name' }, s.name || s.id || 'Step'), statusPill(s.status),
          s.vendorStatus ? h('span', { class: 'mono muted' }, s.vendorStatus) : null),
        h('div', { class: 'step-meta' },
          s.startedAt ? ['started ', time(s.startedAt)] : 'not started',
          s.completedAt ? [' · finished ', time(s.completedAt)] : null,
          took ? ' · took ' + took : null),
        s.events && s.events.length ? h('table', { class: 'mini' },
          h('thead', null, h('tr', null, h('th', null, '#'), h('th', null, 'At'), h('th', null, 'Status'), h('th', null, 'Code'), h('th', null, 'Message'))),
          h('tbody', null, s.events.map((e) => h('tr', null,
            h('td', null, dash(e.index)), h('td', null, time(e.at)), h('td', { class: 'mono' }, dash(e.status)),
            h('td', { class: 'mono' }, dash(e.code)), h('td', null, dash(e.message)))))) : null);
    }));
  }

  function renderHistory(items) {
    if (!items || !items.length) return h('p', { class: 'none' }, 'No status changes recorded.');
    return h('table', { class: 'mini' },
      h('thead', null, h('tr', null, h('th', null, 'When'), h('th', null, 'Status'), h('th', null, 'Vendor status'), h('th', null, 'Seen by'))),
      h('tbody', null, items.map((c) => h('tr', { dataset: { testid: 'history-row' } },
        h('td', null, time(c.at)),
        h('td', null, statusPill(c.status), c.statusReason ? h('span', { class: 'reason' }, c.statusReason) : null),
        h('td', { class: 'mono' }, dash(c.vendorStatus)),
        h('td', null, dash(c.source))))));
  }

  function renderFaults(faults) {
    if (!faults || !faults.length) return h('p', { class: 'none' }, 'None');
    return h('table', { class: 'mini' },
      h('thead', null, h('tr', null, h('th', null, 'Source'), h('th', null, 'Code'), h('th', null, 'Message'), h('th', null, 'Paths'))),
      h('tbody', null, faults.map((f) => h('tr', null,
        h('td', null, dash(f.provider)), h('td', { class: 'fault-code' }, dash(f.code)), h('td', null, dash(f.message)),
        h('td', { class: 'mono' }, f.paths && f.paths.length ? f.paths.join(', ') : '—')))));
  }

  function renderAttachments(attachments) {
    if (!attachments || !attachments.length) return h('p', { class: 'none' }, 'None');
    return h('ul', { class: 'attachments' }, attachments.map((a) => {
      const label = a.name || a.key || a.id || 'attachment';
      const url = safeUrl(a.url);
      return h('li', null,
        url ? h('a', { href: url, target: '_blank', rel: 'noopener noreferrer', title: a.desc || null }, label) : h('span', null, label),
        h('span', { class: 'muted' }, [a.mime, bytes(a.size)].filter(Boolean).join(' · ')));
    }));
  }

  function rawPayload(id) {
    const box = h('div', null);
    const button = h('button', {
      type: 'button', class: 'secondary', onclick: async () => {
        button.disabled = true;
        try {
          const raw = await api('/api/v1/jobs/' + encodeURIComponent(id) + '/raw');
          box.replaceChildren(json(raw));
        } catch (e) {
          if (!(e instanceof Unauthorized)) box.replaceChildren(h('p', { class: 'error' }, e.message));
        }
      },
    }, 'Show the vendor’s last payload');
    box.append(button);
    return box;
  }

  // ---- live updates ------------------------------------------------------------------------

  function setLive(mode) {
    $('live').dataset.state = mode;
    $('live-text').textContent = mode === 'live' ? 'live' : mode === 'connecting' ? 'connecting…' : 'offline';
  }

  function stopStream() {
    state.streamGeneration++;
    if (state.stream) state.stream.abort();
    state.stream = null;
  }

  /** Reads the event stream with fetch (so the key travels in a header) and reconnects with Last-Event-ID. */
  async function startStream() {
    stopStream();
    const generation = state.streamGeneration;
    let backoff = 1000;
    while (state.key && generation === state.streamGeneration) {
      const ctl = new AbortController();
      state.stream = ctl;
      setLive('connecting');
      let silence = null;
      const watchdog = () => { clearTimeout(silence); silence = setTimeout(() => ctl.abort(), STREAM_SILENCE_MS); };
      try {
        const headers = { Authorization: 'Bearer ' + state.key, Accept: 'text/event-stream' };
        if (state.lastEventId) headers['Last-Event-ID'] = state.lastEventId;
        watchdog();
        const res = await fetch('/api/v1/jobs/events', { headers, signal: ctl.signal, cache: 'no-store' });
        if (res.status === 401) {
          clearTimeout(silence);
          signOut('That API key was not accepted.');
          return;
        }
        if (!res.ok || !res.body) throw new Error('HTTP ' + res.status);
        await readEvents(res.body, watchdog, () => { backoff = 1000; });
      } catch (e) {
        // dropped, aborted or refused: try again below
      }
      clearTimeout(silence);
      if (generation !== state.streamGeneration) return;
      setLive('off');
      await new Promise((resolve) => setTimeout(resolve, backoff));
      backoff = Math.min(backoff * 2, 15000);
    }
  }

  async function readEvents(body, onBytes, onLive) {
    const reader = body.getReader();
    const decoder = new TextDecoder();
    let buffer = '';
    for (;;) {
      const { value, done } = await reader.read();
      if (done) return;
      onBytes();
      buffer += decoder.decode(value, { stream: true });
      let end;
      while ((end = buffer.indexOf('\n\n')) >= 0) {
        const block = buffer.slice(0, end);
        buffer = buffer.slice(end + 2);
        handleBlock(block, onLive);
      }
    }
  }

  function handleBlock(block, onLive) {
    let name = 'message';
    let id = null;
    const data = [];
    for (const line of block.split('\n')) {
      if (line.startsWith(':')) {
        const comment = line.slice(1).trim();
        const live = /^live after (\d+)$/.exec(comment);
        if (live) wentLive(live[1], onLive);
        continue;
      }
      const colon = line.indexOf(':');
      const field = colon < 0 ? line : line.slice(0, colon);
      let value = colon < 0 ? '' : line.slice(colon + 1);
      if (value.startsWith(' ')) value = value.slice(1);
      if (field === 'event') name = value;
      else if (field === 'id') id = value;
      else if (field === 'data') data.push(value);
    }
    if (name !== 'job' || !data.length || !data.join('')) return;
    let job;
    try {
      job = JSON.parse(data.join('\n'));
    } catch (e) {
      return;
    }
    if (id) state.lastEventId = id;
    if (!job || typeof job.id !== 'string') return;
    if (!$('jobs-view').hidden) applyToList(job);
    if (state.detailId === job.id) scheduleDetail();
    scheduleStats();
    for (const listener of changeListeners) listener(job);
  }

  function wentLive(after, onLive) {
    setLive('live');
    onLive();
    if (!state.lastEventId) state.lastEventId = after;
    if (!state.wentLive) {
      // what was read before the stream was live may have missed a change: read once more
      state.wentLive = true;
      loadStats();
      route();
    }
  }

  // ---- wiring ------------------------------------------------------------------------------

  function init() {
    $('signin-form').addEventListener('submit', signIn);
    $('sign-out').addEventListener('click', () => signOut());
    $('filter-provider').addEventListener('change', (e) => setFilters({ provider: e.target.value }));
    $('filter-status').addEventListener('change', (e) => setFilters({ status: e.target.value }));
    $('filter-sort').addEventListener('change', (e) => setFilters({ sort: e.target.value }));
    $('filter-overdue').addEventListener('change', (e) => setFilters({ overdue: e.target.checked ? 'true' : '' }));
    // the form shows the filters the page was opened with (a bookmarked view)
    $('filter-provider').value = state.filters.provider;
    $('filter-status').value = state.filters.status;
    $('filter-q').value = state.filters.q;
    $('filter-sort').value = state.filters.sort;
    $('filter-overdue').checked = state.filters.overdue === 'true';
    let typing = null;
    $('filter-q').addEventListener('input', (e) => {
      clearTimeout(typing);
      typing = setTimeout(() => setFilters({ q: e.target.value.trim() }), 300);
    });
    $('filters').addEventListener('submit', (e) => e.preventDefault());
    $('clear-filters').addEventListener('click', () => setFilters({ provider: '', status: '', q: '', sort: '-createdAt', overdue: '' }));
    $('next').addEventListener('click', () => {
      if (!state.nextCursor) return;
      state.cursors.push(state.nextCursor);
      loadList();
    });
    $('prev').addEventListener('click', () => {
      if (state.cursors.length <= 1) return;
      state.cursors.pop();
      loadList();
    });
    $('back').addEventListener('click', (e) => {
      e.preventDefault();
      location.hash = '#';
    });
    window.addEventListener('hashchange', route);
    setInterval(refreshTimes, 30000);
    // what analytics.js builds on: the API client, the DOM helper, the filters and their changes
    window.Jobtower = {
      api, h, providerBadge, statusPill, STATUSES, PROVIDERS, PROVIDER_LABEL,
      filters: () => Object.assign({}, state.filters),
      setFilters,
      onFilters: (listener) => filterListeners.push(listener),
      signedIn: () => Boolean(state.key),
      onStart: (listener) => startListeners.push(listener),
      onChange: (listener) => changeListeners.push(listener),
    };
    if (state.key) start(); else showSignIn();
  }

  init();
})();
