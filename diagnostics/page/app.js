// The otpscope observer page: plain browser JavaScript, no build step.
// The token comes from the URL fragment once (#token=…), is kept in this tab's
// sessionStorage and sent only as an Authorization header; the fragment is
// removed from the address bar at once. Every text from the endpoint goes into
// the page as textContent (never as HTML). Live updates come over one
// Server-Sent Events stream read with fetch (EventSource cannot send headers).
'use strict';

const TOKEN_KEY = 'otpscope-diagnostics-token';
const PAGE_SIZE = 50;

const ui = {
  token: null,
  session: null,
  actions: false,
  sort: 'mailbox',
  order: 'desc',
  offset: 0,
  total: 0,
  selected: null,
  trace: null,
  tab: 'processes',
  refreshing: false,
  timeline: 0,
};

const $ = (id) => document.getElementById(id);

/** Makes an element; children are nodes or text (text is never parsed as HTML). */
function el(tag, attrs, ...children) {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) {
    if (v === undefined || v === null || v === false) continue;
    if (k === 'class') e.className = v;
    else if (k.startsWith('on')) e.addEventListener(k.slice(2), v);
    else e.setAttribute(k, v === true ? '' : String(v));
  }
  for (const c of children) if (c !== null && c !== undefined) e.append(c instanceof Node ? c : String(c));
  return e;
}

function takeToken() {
  const m = /(?:^#|&)token=([^&]+)/.exec(location.hash);
  if (m !== null) {
    sessionStorage.setItem(TOKEN_KEY, decodeURIComponent(m[1]));
    // out of the address bar, the history and any later Referer at once
    history.replaceState(null, '', location.pathname + location.search);
  }
  return sessionStorage.getItem(TOKEN_KEY);
}

async function api(path, init) {
  const headers = { authorization: `Bearer ${ui.token}` };
  if (ui.session !== null) headers['x-otpscope-session'] = ui.session;
  if (init && init.body !== undefined) headers['content-type'] = 'application/json';
  const res = await fetch(path, { ...(init || {}), headers, cache: 'no-store', credentials: 'omit' });
  const body = await res.json().catch(() => ({}));
  if (!res.ok) {
    const err = new Error(body.message || `HTTP ${res.status}`);
    err.status = res.status;
    err.code = body.error;
    throw err;
  }
  return body;
}

// ---------------------------------------------------------------- header

function fmtNum(n) {
  if (n === null || n === undefined) return '—';
  if (n >= 1e6) return `${(n / 1e6).toFixed(2)}M`;
  if (n >= 1e4) return `${(n / 1e3).toFixed(1)}k`;
  return String(n);
}
function fmtBytes(n) {
  return `${(n / 1048576).toFixed(1)} MiB`;
}
function fmtAge(ms) {
  if (ms === null || ms === undefined) return '—';
  if (ms < 1000) return `${ms} ms`;
  if (ms < 120000) return `${(ms / 1000).toFixed(1)} s`;
  return `${Math.round(ms / 60000)} min`;
}

function renderHeader(h) {
  const items = [
    ['processes', fmtNum(h.processes)],
    ['msgs in/s', fmtNum(h.messagesInPerSecond)],
    ['msgs out/s', fmtNum(h.messagesOutPerSecond)],
    ['run queue', fmtNum(h.runQueue)],
    ['slices/s', fmtNum(h.slicesPerSecond)],
    ['yields/s', fmtNum(h.yieldsPerSecond)],
    ['event loop', `${Math.round(h.loop.utilization * 100)}%`],
    ['delay p50/p99', h.loop.delayMs === null ? '—' : `${h.loop.delayMs.p50}/${h.loop.delayMs.p99} ms`],
    ['heap', `${fmtBytes(h.loop.heapUsed)} / ${fmtBytes(h.loop.heapTotal)}`],
    ['uptime', fmtAge(h.uptimeSeconds * 1000)],
  ];
  $('node-header').replaceChildren(...items.map(([k, v]) => el('div', { 'data-field': k }, el('dt', {}, k), el('dd', {}, v))));
}

// ---------------------------------------------------------------- table

async function refreshTable() {
  if (ui.refreshing) return;
  ui.refreshing = true;
  try {
    const q = new URLSearchParams({ sort: ui.sort, order: ui.order, offset: String(ui.offset), limit: String(PAGE_SIZE) });
    const page = await api(`/api/processes?${q}`);
    ui.total = page.total;
    renderTable(page);
  } catch (e) {
    showError(e);
  } finally {
    ui.refreshing = false;
  }
}

function renderTable(page) {
  for (const th of document.querySelectorAll('#processes th[data-sort]')) {
    th.classList.toggle('sorted', th.dataset.sort === page.sort);
    th.classList.toggle('asc', th.dataset.sort === page.sort && page.order === 'asc');
  }
  const rows = page.rows.map((r) =>
    el(
      'tr',
      { 'data-pid': r.pid, class: r.pid === ui.selected ? 'selected' : null, onclick: () => openProcess(r.pid) },
      el('td', {}, r.pid),
      el('td', {}, r.name || r.label || ''),
      el('td', {}, r.behaviour),
      el('td', { class: r.status }, r.status),
      el('td', { class: r.mailbox > 100 ? 'num hot' : 'num' }, fmtNum(r.mailbox)),
      el('td', { class: 'num' }, fmtNum(r.in)),
      el('td', { class: 'num' }, fmtNum(r.out)),
      el('td', { class: 'num' }, fmtNum(r.inRate)),
      el('td', { class: 'num' }, fmtNum(r.outRate)),
      el('td', { class: r.restarts > 0 ? 'num hot' : 'num' }, r.restarts),
      el('td', {}, r.lastEvent === null ? '—' : `${r.lastEvent} · ${fmtAge(r.lastEventAge)} ago`),
      el('td', {}, r.call === null ? '' : `${r.call.call} ${r.call.serverName || r.call.server}${r.call.waitingMs === null ? '' : ` (${fmtAge(r.call.waitingMs)})`}`),
    ),
  );
  $('processes').tBodies[0].replaceChildren(...rows);
  const last = Math.min(page.total, page.offset + page.rows.length);
  $('table-info').textContent = `${page.total === 0 ? 0 : page.offset + 1}–${last} of ${page.total} processes, by ${page.sort} ${page.order} (${page.tookMs} ms)`;
  $('prev-page').disabled = page.offset === 0;
  $('next-page').disabled = last >= page.total;
}

function sortBy(column) {
  if (ui.sort === column) ui.order = ui.order === 'desc' ? 'asc' : 'desc';
  else {
    ui.sort = column;
    ui.order = ['pid', 'name', 'behaviour', 'lastEventAge'].includes(column) ? 'asc' : 'desc';
  }
  ui.offset = 0;
  void refreshTable();
}

// ---------------------------------------------------------------- process view

async function openProcess(pid) {
  if (ui.selected !== pid) {
    await stopTrace();
    ui.selected = pid;
    $('timeline').replaceChildren();
    ui.timeline = 0;
  }
  for (const tr of document.querySelectorAll('#processes tbody tr')) tr.classList.toggle('selected', tr.dataset.pid === pid);
  $('process-view').hidden = false;
  try {
    const v = await api(`/api/processes/${encodeURIComponent(pid)}`);
    renderProcess(v);
    if (ui.trace === null) await startTrace(pid);
  } catch (e) {
    $('pv-title').textContent = pid;
    $('pv-facts').replaceChildren(el('dd', { class: 'error' }, e.message));
  }
}

function renderProcess(v) {
  $('pv-title').textContent = `${v.pid}${v.name ? ` ${v.name}` : ''}${v.label ? ` ${v.label}` : ''}`;
  const facts = [
    ['behaviour', v.behaviour],
    ['status', v.status],
    ['mailbox', `${v.mailbox} queued (${v.mailboxCapacity} slots)`],
    ['messages', `${v.in} in, ${v.out} out; ${v.inRate}/s in, ${v.outRate}/s out`],
    ['restarts', String(v.restarts)],
    ['waiting on', v.call === null ? '—' : `${v.call.call} ${v.call.serverName || v.call.server}`],
    ['parent', v.parent || '—'],
    ['ancestors', v.ancestors.join(' ← ') || '—'],
    ['initial call', v.initialCall || '—'],
    ['links', v.links.join(' ') || '—'],
    ['monitors', v.monitors.map((m) => m.target).join(' ') || '—'],
    ['monitored by', v.monitoredBy.join(' ') || '—'],
    ['trap exit', String(v.trapExit)],
    ['sys debug', v.debug.join(', ') || '—'],
  ];
  for (const [k, val] of v.dictionary) facts.push([`dict ${k}`, val]);
  $('pv-facts').replaceChildren(...facts.flatMap(([k, val]) => [el('dt', {}, k), el('dd', { 'data-fact': k }, val)]));
  $('pv-state').textContent = v.state.available ? v.state.text : v.state.why;
  $('pv-queued').replaceChildren(...(v.queued.length === 0 ? [el('li', {}, 'none')] : v.queued.map((s) => el('li', {}, s))));
  $('pv-recent').replaceChildren(
    ...(v.recent === null ? [el('li', {}, 'the flight recorder is off (OTPSCOPE_FLIGHT_RECORDER=16)')] : v.recent.map((e) => eventItem(e))),
  );
  const acts = [];
  if (ui.actions) {
    for (const a of ['suspend', 'resume', 'compact-mailbox', 'kill']) {
      acts.push(el('button', { type: 'button', 'data-action': a, onclick: () => act(a, v.pid) }, a));
    }
  }
  $('pv-actions').replaceChildren(...acts);
}

function eventItem(e) {
  const t = new Date(e.at).toISOString().slice(11, 23);
  return el('li', { 'data-kind': e.kind }, el('span', { class: 't' }, t), e.text);
}

async function act(action, pid) {
  if (action === 'kill' && !confirm(`Kill ${pid}?`)) return;
  try {
    await api('/api/actions', { method: 'POST', body: JSON.stringify({ action, pid }) });
    await openProcess(pid);
  } catch (e) {
    showError(e);
  }
}

// ---------------------------------------------------------------- live trace

async function startTrace(pid) {
  if (ui.session === null) return;
  try {
    const t = await api('/api/traces', {
      method: 'POST',
      body: JSON.stringify({ target: { pid }, limit: { rate: 50, perMs: 1000 }, durationMs: 300000 }),
    });
    ui.trace = t.id;
    $('trace-status').textContent = 'tracing (at most 50 events/s, 5 min)';
    $('trace-restart').hidden = true;
  } catch (e) {
    $('trace-status').textContent = `not traced: ${e.message}`;
  }
}

async function stopTrace() {
  const id = ui.trace;
  ui.trace = null;
  if (id === null) return;
  try {
    await api(`/api/traces/${id}`, { method: 'DELETE' });
  } catch {
    // already stopped
  }
}

function onTraceEvent(d) {
  if (d.trace !== ui.trace) return;
  const list = $('timeline');
  list.append(eventItem(d.event));
  ui.timeline++;
  while (list.children.length > 200) list.firstChild.remove();
}

function onTraceStopped(d) {
  if (d.id !== ui.trace) return;
  ui.trace = null;
  $('trace-status').textContent = `stopped: ${d.message} (${d.events} events)`;
  $('trace-restart').hidden = false;
}

// ---------------------------------------------------------------- tree

async function refreshTree() {
  try {
    const tree = await api('/api/tree');
    $('tree-info').textContent = `${tree.supervisors} supervisors`;
    $('tree').replaceChildren(...(tree.roots.length === 0 ? [el('p', {}, 'no supervisors')] : tree.roots.map(supNode)));
  } catch (e) {
    showError(e);
  }
}

function supNode(s) {
  const flags = s.answered ? `${s.strategy}, intensity ${s.intensity} in ${s.period} s, ${s.restartsInPeriod} in this period` : 'did not answer sys.getState';
  const children = s.children.map((c) =>
    el(
      'li',
      { 'data-child': c.id },
      el('span', { class: c.restarts > 0 ? 'restarts some' : 'restarts', title: 'restarts seen' }, c.restarts),
      ' ',
      el('b', {}, c.id),
      ` ${c.pid || 'not running'} ${c.type}, ${c.restart}${c.status ? `, ${c.status}` : ''}`,
      c.supervisor === null ? null : supNode(c.supervisor),
    ),
  );
  if (s.more > 0) children.push(el('li', {}, `… ${s.more} more`));
  const history = s.history.slice(-5).map((h) => el('div', { class: 'history' }, `${new Date(h.at).toISOString().slice(11, 19)} restarted ${h.childId} → ${h.child || '?'}: ${h.reason}`));
  return el(
    'div',
    { class: 'sup', 'data-sup': s.pid },
    el('div', { class: 'head' }, `${s.name || s.label || s.pid} `, el('span', { class: 'flags' }, `${s.pid} · ${flags} · ${s.restartsSeen} restarts seen`)),
    ...history,
    el('ul', {}, ...children),
  );
}

// ---------------------------------------------------------------- events stream

async function stream() {
  const res = await fetch('/api/events', { headers: { authorization: `Bearer ${ui.token}` }, cache: 'no-store', credentials: 'omit' });
  if (!res.ok) {
    const body = await res.json().catch(() => ({}));
    const err = new Error(body.message || `HTTP ${res.status}`);
    err.status = res.status;
    throw err;
  }
  setState('live', 'live');
  const reader = res.body.pipeThrough(new TextDecoderStream()).getReader();
  let buf = '';
  for (;;) {
    const { value, done } = await reader.read();
    if (done) break;
    buf += value;
    let i;
    while ((i = buf.indexOf('\n\n')) >= 0) {
      const block = buf.slice(0, i);
      buf = buf.slice(i + 2);
      let event = 'message';
      let data = '';
      for (const line of block.split('\n')) {
        if (line.startsWith('event: ')) event = line.slice(7);
        else if (line.startsWith('data: ')) data += line.slice(6);
      }
      if (data !== '') dispatch(event, JSON.parse(data));
    }
  }
}

function dispatch(event, d) {
  switch (event) {
    case 'hello':
      ui.session = d.session;
      ui.actions = d.actions;
      renderHeader(d.node);
      void refreshTable();
      if (ui.tab === 'tree') void refreshTree();
      if (ui.selected !== null) void openProcess(ui.selected);
      break;
    case 'node':
      renderHeader(d);
      if (ui.tab === 'processes') void refreshTable();
      break;
    case 'tree':
      if (ui.tab === 'tree') void refreshTree();
      break;
    case 'trace':
      onTraceEvent(d);
      break;
    case 'trace-stopped':
      onTraceStopped(d);
      break;
  }
}

function setState(cls, text) {
  const s = $('connection');
  s.className = `state ${cls}`;
  s.textContent = text;
}

function showError(e) {
  if (e.status === 401) {
    sessionStorage.removeItem(TOKEN_KEY);
    showLogin(e.message);
  } else setState('down', e.message);
}

function showLogin(message) {
  $('login').hidden = false;
  $('main').hidden = true;
  $('tabs').hidden = true;
  $('login-error').textContent = message || '';
}

async function connect() {
  $('login').hidden = true;
  $('main').hidden = false;
  $('tabs').hidden = false;
  for (;;) {
    try {
      await stream();
      setState('down', 'disconnected, retrying…');
    } catch (e) {
      if (e.status === 401) {
        showError(e);
        return;
      }
      setState('down', `disconnected (${e.message}), retrying…`);
    }
    ui.session = null;
    ui.trace = null;
    await new Promise((r) => setTimeout(r, 2000));
  }
}

function init() {
  for (const th of document.querySelectorAll('#processes th[data-sort]')) th.addEventListener('click', () => sortBy(th.dataset.sort));
  $('prev-page').addEventListener('click', () => {
    ui.offset = Math.max(0, ui.offset - PAGE_SIZE);
    void refreshTable();
  });
  $('next-page').addEventListener('click', () => {
    if (ui.offset + PAGE_SIZE < ui.total) ui.offset += PAGE_SIZE;
    void refreshTable();
  });
  $('pv-close').addEventListener('click', () => {
    void stopTrace();
    ui.selected = null;
    $('process-view').hidden = true;
  });
  $('trace-restart').addEventListener('click', () => ui.selected !== null && void startTrace(ui.selected));
  $('tree-refresh').addEventListener('click', () => void refreshTree());
  for (const b of document.querySelectorAll('#tabs button')) {
    b.addEventListener('click', () => {
      ui.tab = b.dataset.tab;
      for (const x of document.querySelectorAll('#tabs button')) x.classList.toggle('active', x === b);
      $('processes-tab').hidden = ui.tab !== 'processes';
      $('tree-tab').hidden = ui.tab !== 'tree';
      if (ui.tab === 'tree') void refreshTree();
      else void refreshTable();
    });
  }
  $('token-form').addEventListener('submit', (ev) => {
    ev.preventDefault();
    const t = $('token-input').value.trim();
    if (t === '') return;
    sessionStorage.setItem(TOKEN_KEY, t);
    $('token-input').value = '';
    ui.token = t;
    void connect();
  });
  ui.token = takeToken();
  if (ui.token === null) showLogin('');
  else void connect();
}

init();
