// Jobtower dashboard, notifications: the tenant's webhook endpoints and their failed messages, each
// with a resend button. Separate from app.js; it reads the same API key from session storage and
// shows itself while the jobs view is shown. DOM built with createElement/textContent only.
'use strict';

(() => {
  const KEY_STORAGE = 'jobtower.apiKey';
  const REFRESH_MS = 10000;
  const $ = (id) => document.getElementById(id);

  function el(tag, attrs, ...children) {
    const node = document.createElement(tag);
    for (const [k, v] of Object.entries(attrs || {})) {
      if (k === 'class') node.className = v;
      else if (k.startsWith('data-')) node.setAttribute(k, v);
      else node[k] = v;
    }
    for (const c of children) node.append(c instanceof Node ? c : document.createTextNode(c == null ? '' : String(c)));
    return node;
  }

  async function call(path, method) {
    const key = sessionStorage.getItem(KEY_STORAGE);
    if (!key) return null;
    const res = await fetch(path, {
      method: method || 'GET',
      headers: { Authorization: 'Bearer ' + key, Accept: 'application/json' },
      cache: 'no-store',
    });
    if (!res.ok) throw new Error('HTTP ' + res.status);
    return res.status === 202 || res.status === 204 ? null : res.json();
  }

  function lastAttempt(message) {
    const a = message.attempts[message.attempts.length - 1];
    if (!a) return '';
    return (a.responseStatus == null ? '' : a.responseStatus + ' ') + (a.error || '');
  }

  async function resend(endpointId, messageId, button) {
    button.disabled = true;
    try {
      await call('/api/v1/webhook-endpoints/' + encodeURIComponent(endpointId) + '/messages/'
        + encodeURIComponent(messageId) + '/resend', 'POST');
      button.textContent = 'Queued';
    } catch (e) {
      button.disabled = false;
      button.textContent = 'Retry resend';
    }
  }

  async function render() {
    const box = $('notifications');
    if (!box) return;
    const jobsView = $('jobs-view');
    if (!jobsView || jobsView.hidden || !sessionStorage.getItem(KEY_STORAGE)) return;
    let endpoints;
    try {
      endpoints = (await call('/api/v1/webhook-endpoints')).items;
    } catch (e) {
      return; // the jobs view reports connectivity problems
    }
    const rows = [];
    for (const ep of endpoints) {
      let failed = [];
      try {
        failed = (await call('/api/v1/webhook-endpoints/' + encodeURIComponent(ep.id) + '/messages?status=failed&limit=10')).items;
      } catch (e) {
        failed = [];
      }
      const state = ep.enabled ? 'enabled' : 'disabled' + (ep.disabledReason ? ' (' + ep.disabledReason + ')' : '');
      rows.push(el('tr', { 'data-testid': 'webhook-endpoint' },
        el('td', {}, ep.url), el('td', {}, ep.description || ''), el('td', {}, state),
        el('td', {}, String(failed.length) + (failed.length === 10 ? '+' : ''))));
      for (const m of failed) {
        const button = el('button', { type: 'button', class: 'secondary', 'data-testid': 'resend' }, 'Resend');
        button.addEventListener('click', () => resend(ep.id, m.id, button));
        rows.push(el('tr', { 'data-testid': 'failed-message' },
          el('td', { class: 'muted' }, m.eventType + ' · ' + (m.jobId || '')),
          el('td', { class: 'muted' }, m.createdAt),
          el('td', { class: 'muted' }, lastAttempt(m)),
          el('td', {}, button)));
      }
    }
    const table = el('table', { class: 'mini' },
      el('thead', {}, el('tr', {}, el('th', {}, 'Endpoint'), el('th', {}, 'Description'), el('th', {}, 'State'),
        el('th', {}, 'Failed messages'))),
      el('tbody', {}, ...rows));
    box.replaceChildren(el('h2', {}, 'Notifications (outbound webhooks)'),
      endpoints.length ? table : el('p', { class: 'muted' }, 'No webhook endpoints yet: POST /api/v1/webhook-endpoints.'));
    box.hidden = false;
  }

  document.addEventListener('DOMContentLoaded', () => {
    render();
    setInterval(render, REFRESH_MS);
    const jobsView = $('jobs-view');
    if (jobsView) new MutationObserver(render).observe(jobsView, { attributes: true, attributeFilter: ['hidden'] });
  });
})();
