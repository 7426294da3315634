// The Cutover console: the board and a stream's page, over the controller's read-only console views, refreshed
// every few seconds. Every text from the controller goes in with textContent (stream names come from config).
// Operator actions are the API's writes with the operator token typed into the page (kept for this tab only).
'use strict';

const REFRESH_MS = 2000;
const VERDICT_NAMES = {P: 'PASS', R: 'PASS under rules', F: 'FAIL', L: 'late', N: 'no data', '.': 'not yet'};

function el(tag, attrs, ...children) {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(attrs || {})) {
    if (value === null || value === undefined) continue;
    if (key === 'class') node.className = value;
    else if (key === 'text') node.textContent = value;
    else node.setAttribute(key, value);
  }
  for (const child of children) {
    if (child === null || child === undefined) continue;
    node.append(child instanceof Node ? child : String(child));
  }
  return node;
}

function clear(node) {
  while (node.firstChild) node.removeChild(node.firstChild);
  return node;
}

function hourPlus(hour, n) {
  const d = new Date(hour + ':00:00Z');
  d.setUTCHours(d.getUTCHours() + n);
  return d.toISOString().substring(0, 13);
}

function strip(firstHour, marks, big) {
  const node = el('span', {class: big ? 'strip big' : 'strip'});
  for (let i = 0; i < marks.length; i++) {
    const mark = marks[i];
    node.append(el('i', {class: 'v v-' + mark, title: hourPlus(firstHour, i) + ' ' + VERDICT_NAMES[mark]}));
  }
  return node;
}

function phaseBadge(phase) {
  return el('span', {class: 'phase phase-' + phase, text: phase});
}

function token() {
  return sessionStorage.getItem('cutover.token') || '';
}

function setUpHeader() {
  const input = document.getElementById('token');
  input.value = token();
  input.addEventListener('change', () => sessionStorage.setItem('cutover.token', input.value.trim()));
}

function showHeader(data) {
  document.getElementById('cluster').textContent = data.cluster || '';
  const role = document.getElementById('role');
  role.textContent = (data.role || '?') + (data.ready ? ' · ready' : ' · not ready');
  role.className = 'badge ' + (data.ready ? 'ok' : 'bad');
  const updated = document.getElementById('updated');
  updated.textContent = 'updated ' + new Date().toLocaleTimeString();
  updated.classList.remove('stale');
}

function showUnreachable(error) {
  const updated = document.getElementById('updated');
  updated.textContent = 'not updated: ' + error + ' (asking again every ' + REFRESH_MS / 1000 + ' s)';
  updated.classList.add('stale');
}

async function getJson(path) {
  const response = await fetch(path, {cache: 'no-store'});
  const body = await response.json();
  if (!response.ok) throw new Error(body.error || response.status);
  return body;
}

/** A write of the API, with the operator token; resolves to {ok, status, body}. */
async function post(path, body) {
  const headers = {'Content-Type': 'application/json'};
  if (token()) headers['Authorization'] = 'Bearer ' + token();
  const response = await fetch(path, {method: 'POST', headers, body: JSON.stringify(body)});
  let answer;
  try {
    answer = await response.json();
  } catch (e) {
    answer = {error: 'no JSON in the answer'};
  }
  return {ok: response.ok, status: response.status, body: answer};
}

function every(refresh) {
  const tick = () => refresh().catch(e => showUnreachable(e.message)).finally(() => setTimeout(tick, REFRESH_MS));
  tick();
}

// ---- the board -------------------------------------------------------------------------------------------------

const board = {phase: '', rows: new Map(), data: null, bannerKey: null, countsKey: null};

function boardRow(s, firstHour) {
  const link = el('a', {href: 'stream.html?stream=' + encodeURIComponent(s.stream), text: s.stream});
  const problems = s.problems.length === 0 ? '' : el('span', {class: 'problem', title: s.problems.join('\n'),
    text: s.problems[0].length > 90 ? s.problems[0].substring(0, 88) + '…' : s.problems[0]},
  s.problems.length > 1 ? el('b', {text: ' +' + (s.problems.length - 1)}) : null);
  return el('tr', {'data-stream': s.stream, 'data-phase': s.phase, class: s.problems.length ? 'has-problems' : ''},
    el('td', {class: 'num', text: s.order === null ? '' : s.order}),
    el('td', {class: 'name'}, link),
    el('td', {text: s.group || ''}),
    el('td', {}, phaseBadge(s.phase)),
    el('td', {class: 'leader', text: s.leader}),
    el('td', {class: 'num epoch', text: s.epoch}),
    el('td', {class: 'flag', text: s.flag || '—'}),
    el('td', {text: s.cutover_hour || ''}),
    el('td', {}, strip(firstHour, s.strip, false)),
    el('td', {}, problems));
}

function renderCounts(data) {
  // redrawn only when it changes, so a chip is never replaced under a click
  const key = JSON.stringify([data.counts, data.streams.length, board.phase]);
  if (board.countsKey === key) return;
  board.countsKey = key;
  const nav = clear(document.getElementById('counts'));
  const chip = (phase, label, n) => {
    const button = el('button', {type: 'button', class: 'chip' + (board.phase === phase ? ' active' : ''),
      'data-phase': phase}, el('span', {text: label}), el('b', {text: n}));
    button.addEventListener('click', () => {
      board.phase = board.phase === phase ? '' : phase;
      renderBoard();
    });
    return button;
  };
  nav.append(chip('', 'all', data.streams.length));
  for (const [phase, n] of Object.entries(data.counts)) {
    if (n > 0 || board.phase === phase) nav.append(chip(phase, phase, n));
  }
}

function renderBanner(data) {
  // redrawn only when it changes, so a form being filled in survives the refreshes
  const key = JSON.stringify([data.problems, data.layer_hold]);
  if (board.bannerKey === key) return;
  board.bannerKey = key;
  const banner = clear(document.getElementById('banner'));
  for (const problem of data.problems) banner.append(el('div', {class: 'alert', text: problem}));
  if (data.layer_hold) {
    const revision = el('input', {id: 'accept-revision', type: 'number', min: '1', placeholder: 'revision',
      'aria-label': 'layer revision to accept'});
    const who = el('input', {id: 'accept-who', placeholder: 'who', value: localStorage.getItem('cutover.who') || ''});
    const why = el('input', {id: 'accept-why', placeholder: 'why (audited)', size: '40'});
    const button = el('button', {type: 'button', id: 'accept-layer', text: 'Accept this override layer'});
    const result = el('span', {id: 'accept-result'});
    button.addEventListener('click', async () => {
      const answer = await post('/v1/override-layer/accept',
        {revision: Number(revision.value), who: who.value, why: why.value});
      showResult(result, answer);
    });
    banner.append(el('div', {class: 'alert hold'}, el('b', {text: 'Override layer behind: '}),
      el('span', {text: data.layer_hold}), el('div', {class: 'inline'}, revision, who, why, button, result)));
  }
}

function renderBoard() {
  const data = board.data;
  if (!data) return;
  renderCounts(data);
  document.getElementById('strip-head').textContent = '72 h to ' + hourPlus(data.first_hour, 71);
  const query = document.getElementById('search').value.trim().toLowerCase();
  const problemsOnly = document.getElementById('problems-only').checked;
  const body = document.querySelector('#board tbody');
  const seen = new Set();
  let shown = 0;
  let previous = null;
  for (const s of data.streams) {
    seen.add(s.stream);
    const key = JSON.stringify(s) + data.first_hour;
    let entry = board.rows.get(s.stream);
    if (!entry || entry.key !== key) {
      const row = boardRow(s, data.first_hour);
      if (entry) entry.row.replaceWith(row);
      entry = {key, row};
      board.rows.set(s.stream, entry);
    }
    const visible = (!board.phase || s.phase === board.phase) && (!query || s.stream.toLowerCase().includes(query))
      && (!problemsOnly || s.problems.length > 0);
    entry.row.hidden = !visible;
    if (visible) shown++;
    // keep the plan order in the table
    const expected = previous ? previous.nextSibling : body.firstChild;
    if (expected !== entry.row) body.insertBefore(entry.row, expected);
    previous = entry.row;
  }
  for (const [name, entry] of board.rows) {
    if (!seen.has(name)) {
      entry.row.remove();
      board.rows.delete(name);
    }
  }
  document.getElementById('shown').textContent = shown + ' of ' + data.streams.length + ' streams shown';
}

async function refreshBoard() {
  const data = await getJson('/v1/console/board');
  board.data = data;
  showHeader(data);
  renderBanner(data);
  renderBoard();
}

function startBoard() {
  const params = new URLSearchParams(location.search);
  board.phase = params.get('phase') || '';
  document.getElementById('search').value = params.get('q') || '';
  document.getElementById('search').addEventListener('input', renderBoard);
  document.getElementById('problems-only').addEventListener('change', renderBoard);
  every(refreshBoard);
}

// ---- a stream's page -------------------------------------------------------------------------------------------

function showResult(node, answer) {
  clear(node);
  if (answer.ok) {
    node.className = 'result ok';
    node.textContent = 'accepted (' + answer.status + '): ' + JSON.stringify(answer.body);
  } else {
    node.className = 'result refused';
    node.textContent = 'refused (' + answer.status + '): ' + (answer.body.error || JSON.stringify(answer.body));
    for (const detail of answer.body.problems || []) node.append(el('div', {text: detail}));
  }
}

function fact(list, name, value) {
  list.append(el('dt', {text: name}), el('dd', {text: value === null || value === undefined ? '—' : value}));
}

function table(id, headers, rows) {
  const node = document.getElementById(id);
  const head = clear(node.tHead || node.createTHead());
  if (headers) head.append(el('tr', {}, ...headers.map(h => el('th', {text: h}))));
  const body = clear(node.tBodies[0] || node.createTBody());
  for (const cells of rows) body.append(el('tr', {}, ...cells.map(c => c instanceof Node ? el('td', {}, c)
    : el('td', {text: c === null || c === undefined ? '' : c}))));
}

function compareSummary(d) {
  if (!d) return '';
  const side = s => s ? s.database + ': ' + (s.rows === null || s.rows === undefined ? '?' : s.rows) + ' rows' : '?';
  let text = (d.method || '') + ' · ' + side(d.left) + ' vs ' + side(d.right);
  if (d.schema && (d.schema.only_left.length || d.schema.only_right.length || d.schema.type_mismatch.length)) {
    text += ' · schema: only new ' + JSON.stringify(d.schema.only_left) + ', only legacy '
      + JSON.stringify(d.schema.only_right) + (d.schema.type_mismatch.length ? ', types differ '
        + d.schema.type_mismatch.map(t => t.column).join(', ') : '');
  }
  return text;
}

function keyedDiff(d) {
  if (!d || !d.diff) return '';
  const k = d.diff;
  const node = el('div', {class: 'diff'}, el('div', {text: 'key ' + k.key + ': ' + k.left_only + ' only new, '
    + k.right_only + ' only legacy, ' + k.changed + ' changed'}));
  const columns = Object.entries(k.column_mismatches || {});
  if (columns.length) node.append(el('div', {text: 'columns: ' + columns.map(([c, n]) => c + ' ' + n).join(', ')}));
  if (k.sample_ids.length) node.append(el('div', {class: 'samples', text: 'samples: ' + k.sample_ids.join(', ')}));
  return node;
}

function renderPreflight(p) {
  const node = clear(document.getElementById('preflight'));
  if (p.evolve) {
    const e = p.evolve;
    node.append(el('p', {text: 'From the compare of ' + p.hour + ': evolve ' + e.database + '.' + e.table
      + ' to the schema of ' + (e.to_schema_of || 'the new job') + (e.exists ? '' : ' (the table does not exist yet)')}));
    if (e.changes.length === 0) node.append(el('p', {class: 'good', text: 'No change: the schemas match.'}));
    else {
      const t = el('table', {class: 'changes'}, el('thead', {}, el('tr', {}, el('th', {text: 'Path'}),
        el('th', {text: 'Change'}), el('th', {text: 'From'}), el('th', {text: 'To'}), el('th', {text: 'Expected'}))));
      const body = el('tbody');
      for (const c of e.changes) {
        body.append(el('tr', {class: c.expected ? '' : 'unexpected'}, el('td', {text: c.path}), el('td', {text: c.kind}),
          el('td', {text: c.from || ''}), el('td', {text: c.to || ''}), el('td', {text: c.expected ? 'yes' : 'NO'})));
      }
      t.append(body);
      node.append(t);
    }
    if (e.ddl && e.ddl.length) node.append(el('pre', {class: 'ddl', text: e.ddl.join(';\n') + ';'}));
  } else {
    node.append(el('p', {class: 'muted', text: 'No dry run yet: no compare report carried the plan to evolve the'
        + ' production table.'}));
  }
  if (p.problems.length) {
    const list = el('ul', {class: 'problems'});
    p.problems.forEach(problem => list.append(el('li', {text: problem})));
    node.append(el('p', {text: 'The preflight would block the cutover:'}), list);
  } else {
    node.append(el('p', {class: 'good', text: 'The preflight finds no schema problem.'}));
  }
}

function renderStream(page) {
  const d = page.detail;
  document.title = 'Cutover · ' + d.stream;
  document.getElementById('stream-name').textContent = d.stream;
  const phase = document.getElementById('phase');
  phase.textContent = d.phase;
  phase.className = 'phase phase-' + d.phase;
  const facts = clear(document.getElementById('facts'));
  fact(facts, 'Table', d.table);
  fact(facts, 'Plan order', page.order === null ? 'not listed' : '#' + page.order);
  fact(facts, 'Group', page.group ? page.group.name + ' (' + page.group.members.join(', ') + ')' : null);
  fact(facts, 'Leader', d.leader);
  fact(facts, 'Epoch', d.epoch);
  fact(facts, 'Flag', d.flag);
  fact(facts, 'Cutover hour', d.cutover_hour);
  fact(facts, 'Work backlog', d.work_backlog);
  if (d.too_slow) fact(facts, 'Too slow', d.too_slow);
  const problems = clear(document.getElementById('problems'));
  d.problems.forEach(p => problems.append(el('li', {text: p})));
  document.getElementById('token-note').textContent = page.writes_need_token
    ? 'These actions need the operator token (type it at the top right); they are audited like the CLI\'s.'
    : 'This controller runs without tokens: anyone who reaches it may act. Actions are audited like the CLI\'s.';
  document.getElementById('patch-promote').textContent = page.patch.promote;
  document.getElementById('patch-revert').textContent = page.patch.revert;
  document.getElementById('cmd-promote').textContent = page.patch.promote_command;
  document.getElementById('cmd-revert').textContent = page.patch.revert_command;
  clear(document.getElementById('strip')).append(strip(page.first_hour, page.strip, true));
  document.getElementById('strip-title').textContent = '72 hours to ' + hourPlus(page.first_hour, 71);
  table('verdicts', null, page.verdicts.slice().reverse().map(v => [v.hour,
    el('span', {class: 'verdict verdict-' + v.verdict, text: v.verdict}), compareSummary(v.detail),
    v.reasons.concat(v.applied.map(a => 'rule ' + a)).concat(v.hidden).join('; '), keyedDiff(v.detail)]));
  const jobs = d.routes.length ? Object.keys(d.routes[0].databases) : [];
  table('routes', ['From hour', 'Epoch', 'Leader'].concat(jobs.map(j => j + ' writes')),
    d.routes.map(r => [r.from_hour, r.epoch, r.leader].concat(jobs.map(j => r.databases[j]))));
  renderPreflight(page.preflight);
  const landed = d.landings.length ? Object.keys(Object.assign({}, ...d.landings.map(l => l.landed))) : [];
  table('landings', ['Hour'].concat(landed.map(j => j + ' landed')).concat(['Late']),
    d.landings.slice().reverse().map(l => [l.hour].concat(landed.map(j => l.landed[j] || '')).concat([l.late || ''])));
  table('audit', null, page.audit.slice().reverse().map(e => [e.seq, e.at, e.who, e.what, e.why,
    e.config_revision]));
}

async function refreshStream(name) {
  const page = await getJson('/v1/console/streams/' + encodeURIComponent(name));
  showHeader(page);
  renderStream(page);
}

function startStream() {
  const name = new URLSearchParams(location.search).get('stream') || '';
  const who = document.getElementById('who');
  who.value = localStorage.getItem('cutover.who') || '';
  who.addEventListener('change', () => localStorage.setItem('cutover.who', who.value.trim()));
  const act = action => async () => {
    const answer = await post('/v1/streams/' + encodeURIComponent(name) + '/' + action,
      {who: who.value.trim(), why: document.getElementById('why').value.trim()});
    showResult(document.getElementById('action-result'), answer);
  };
  document.getElementById('override').addEventListener('click', act('override'));
  document.getElementById('decommission').addEventListener('click', act('decommission'));
  every(() => refreshStream(name));
}

document.addEventListener('DOMContentLoaded', () => {
  setUpHeader();
  if (document.body.dataset.page === 'board') startBoard();
  else startStream();
});
