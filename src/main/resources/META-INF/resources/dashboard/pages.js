// Overview, catalog, entity, gaps, readiness and migration pages. Each returns its nodes;
// every projection read carries the time-travel moment ({past: true}).
import { get, moment } from './api.js';
import { ago, h, refLink, status, table } from './dom.js';
import { statusChart } from './chart.js';

const STATUSES = ['passed', 'failed', 'stale', 'unknown'];
const QUESTIONS = {
  runsWhere: 'Runs where',
  ownerRepo: 'Owner repo',
  endpoint: 'Endpoint',
  dataStores: 'Data stores',
  backups: 'Backups & restore',
  migrationWave: 'Migration wave',
  healthEvidence: 'Health evidence',
};

function position(answer) {
  const m = moment.get();
  return h('p', { class: 'muted' }, `As of position ${answer.position}`,
    m ? ` (past view: ${moment.label(m)})` : '');
}

export async function overview() {
  const o = await get('/api/v1/dashboard/overview', { past: true });
  const c = o.ledger.checkpoint;
  return [
    h('h1', {}, 'Overview'),
    position(o),
    h('h2', {}, 'Catalog'),
    h('div', { class: 'cards', id: 'counts' }, Object.entries(o.counts).map(([kind, n]) =>
      h('a', { class: 'card', href: `#/catalog/${kind}`, 'data-kind': kind },
        h('div', { class: 'big' }, n), h('div', {}, kind)))),
    h('h2', {}, 'Readiness gates'),
    h('div', { class: 'cards', id: 'gate-tally' }, STATUSES.map((s) =>
      h('a', { class: 'card', href: '#/readiness' },
        h('div', { class: 'big' }, o.gates[s]), status(s)))),
    h('h2', {}, 'Migrations'),
    h('div', { class: 'cards' }, o.migrations.length ? o.migrations.map((m) =>
      h('a', { class: 'card', href: '#/migration' }, h('h3', {}, m.name), status(m.status),
        h('p', {}, `${m.wavesDone} of ${m.waves} waves done, `,
          `${m.servicesDone} of ${m.services} services done`),
        h('progress', { max: m.services || 1, value: m.servicesDone,
          'aria-label': `${m.name} progress` }))) : h('p', { class: 'muted' }, 'No migrations.')),
    h('h2', {}, 'Ledger'),
    h('div', { class: 'cards' },
      h('a', { class: 'card', href: '#/evidence' }, h('div', { class: 'big', id: 'blocked-count' },
        o.blocked), h('div', {}, 'blocked submissions')),
      h('div', { class: 'card' }, h('div', { class: 'big', id: 'ledger-head' }, o.ledger.head),
        h('div', {}, 'events in the ledger (now)')),
      h('a', { class: 'card', href: '#/audit' }, h('div', { class: 'big' }, c ? c.treeSize : '–'),
        h('div', {}, c ? `latest signed checkpoint, ${ago(c.signedAt)}` : 'no checkpoint yet')),
      h('div', { class: 'card' }, h('div', { class: 'big' }, o.ledger.projectionLag),
        h('div', {}, 'projection lag (events)'))),
  ];
}

export async function catalog([kind, ...key]) {
  if (kind && key.length) return entity(kind, key.join('/'));
  const counts = await get('/api/v1/catalog', { past: true });
  const kinds = Object.keys(counts.counts);
  const current = kinds.includes(kind) ? kind : 'services';
  const list = await get(`/api/v1/catalog/${current}`, { past: true });
  const search = h('input', { id: 'catalog-search', type: 'search', placeholder: 'name or key',
    'aria-label': 'Search' });
  const health = h('select', { id: 'catalog-health', 'aria-label': 'Health' },
    h('option', { value: '' }, 'any health'),
    ['healthy', 'failing', 'stale', 'unknown'].map((s) => h('option', { value: s }, s)));
  const body = h('tbody');
  const shown = h('p', { class: 'muted', id: 'catalog-shown' });
  const limit = 500;
  function render() {
    const text = search.value.trim().toLowerCase();
    const rows = list.items.filter((e) => (!health.value || e.health === health.value)
      && (!text || e.key.toLowerCase().includes(text) || (e.name || '').toLowerCase().includes(text)));
    body.replaceChildren(...rows.slice(0, limit).map((e) => h('tr', {},
      h('td', {}, h('a', { href: `#/catalog/${current}/${encodeURIComponent(e.key)}` }, e.key)),
      h('td', {}, e.name), h('td', {}, status(e.health)))));
    shown.textContent = `${Math.min(rows.length, limit)} of ${rows.length} shown`
      + (rows.length > limit ? ' (narrow the search to see the rest)' : '');
  }
  search.addEventListener('input', render);
  health.addEventListener('change', render);
  render();
  return [
    h('h1', {}, 'Catalog'),
    position(list),
    h('nav', { class: 'tabs', 'aria-label': 'Kinds' }, kinds.map((k) =>
      h('a', { href: `#/catalog/${k}`, 'aria-current': k === current ? 'page' : null },
        `${k} (${counts.counts[k]})`))),
    h('div', { class: 'filters' }, search, health),
    shown,
    h('div', { class: 'scroll' }, h('table', { id: 'catalog-table' },
      h('thead', {}, h('tr', {}, h('th', {}, 'Key'), h('th', {}, 'Name'), h('th', {}, 'Health'))),
      body)),
  ];
}

async function entity(kind, key) {
  const e = await get(`/api/v1/catalog/${kind}/${encodeURIComponent(key)}`, { past: true });
  const out = Object.entries(e.relations.out);
  const timelines = await Promise.all(e.widgets.map((w) =>
    get(`/api/v1/widgets/${encodeURIComponent(w)}/timeline`, { past: true, params: { limit: 20 } })
      .then((t) => t.timeline).catch(() => [])));
  const timeline = timelines.flat().sort((a, b) => b.position - a.position);
  return [
    h('p', {}, h('a', { href: `#/catalog/${kind}` }, `← ${kind}`)),
    h('h1', {}, `${e.name || e.key}`),
    position(e),
    h('p', {}, h('code', {}, `${kind}/${e.key}`), ' · health ', status(e.health.status),
      e.health.decidedBy ? ` decided by ${e.health.decidedBy.eventType} at position `
        + `${e.health.decidedBy.position}` : ''),
    h('h2', {}, 'Attributes'),
    h('dl', { class: 'attrs' }, Object.entries(e.attributes).flatMap(([k, v]) =>
      [h('dt', {}, k), h('dd', {}, typeof v === 'object' ? JSON.stringify(v) : String(v))])),
    h('h2', {}, 'Relations'),
    out.length || e.relations.in.length ? h('ul', { id: 'relations' },
      out.flatMap(([name, refs]) => refs.map((r) => h('li', {}, `${name} → `, refLink(r)))),
      e.relations.in.map((r) => h('li', {}, refLink(r.from), ` ${r.relation} → this`)))
      : h('p', { class: 'muted' }, 'No relations.'),
    h('h2', {}, 'Latest evidence'),
    e.latestEvidence.length ? table(['Event type', 'Position', 'Observed', 'Age'],
      e.latestEvidence.map((v) => h('tr', {}, h('td', {}, v.eventType), h('td', {}, v.position),
        h('td', {}, v.observedAt), h('td', {}, ago(v.observedAt)))), { id: 'latest-evidence' })
      : h('p', { class: 'muted', id: 'no-evidence' }, 'No evidence recorded for this entity.'),
    h('h2', {}, 'Timeline'),
    timeline.length ? h('ul', { class: 'feed', id: 'timeline' }, timeline.map((v) => h('li', {},
      h('strong', {}, `#${v.position} `), v.eventType, h('span', { class: 'muted' },
        ` · ${v.recordedAt} · ${v.source}`))))
      : h('p', { class: 'muted' }, 'No events addressed to its widgets.'),
  ];
}

export async function gaps() {
  const report = await get('/api/v1/gaps', { past: true });
  const detail = h('div', { class: 'reason', id: 'gap-detail', 'aria-live': 'polite', hidden: true });
  const rows = report.services.map((s) => h('tr', {},
    h('th', { scope: 'row' }, h('a', { href: `#/catalog/services/${encodeURIComponent(s.service)}` },
      s.name || s.service)),
    Object.keys(QUESTIONS).map((q) => {
      const a = s.questions[q];
      const label = a.gap ? 'gap' : 'answered';
      return h('td', {}, h('button', {
        class: label, type: 'button', 'data-service': s.service, 'data-question': q,
        'aria-label': `${s.service}: ${QUESTIONS[q]}: ${label}`,
        onclick: () => {
          detail.hidden = false;
          detail.replaceChildren(h('strong', {}, `${s.service} · ${QUESTIONS[q]}: `),
            a.gap ? a.reason : JSON.stringify(a.answer));
        },
      }, a.gap ? 'gap' : 'ok'));
    })));
  return [
    h('h1', {}, 'Gaps'),
    position(report),
    h('p', {}, `${report.gaps} open questions across ${report.services.length} services. `,
      'Select a cell for its reason or answer.'),
    table(['Service', ...Object.values(QUESTIONS)], rows, { class: 'matrix', id: 'gap-matrix' }),
    detail,
  ];
}

export async function readiness([focus]) {
  const all = await get('/api/v1/readiness', { past: true });
  const gates = focus ? all.gates.filter((g) => g.gate === focus) : all.gates;
  const sections = await Promise.all(gates.map(async (g) => {
    const history = await get(`/api/v1/readiness/${encodeURIComponent(g.gate)}/history`,
      { past: true });
    const chart = h('div', { class: 'chart', 'aria-label': `${g.gate} status over time` });
    statusChart(chart, history.changes, g.status, all.asOf);
    return h('section', { class: 'gate', 'data-gate': g.gate },
      h('h2', {}, `${g.name || g.gate} `, status(g.status)),
      table(['Check', 'Status', 'Deciding evidence', 'Age', 'Reason'], g.checks.map((c) =>
        h('tr', {}, h('td', {}, c.key, h('div', { class: 'muted' }, c.entity ? refLink(c.entity) : '')),
          h('td', {}, status(c.status)),
          h('td', {}, c.decidedBy ? `${c.decidedBy.eventType} #${c.decidedBy.position}` : '–'),
          h('td', {}, c.decidedBy ? ago(c.decidedBy.observedAt) : '–'),
          h('td', {}, c.reason || '')))),
      h('h3', {}, 'Status over time'),
      chart,
      h('p', { class: 'muted' }, `${history.changes.length} recorded change(s)`));
  }));
  return [h('h1', {}, 'Readiness'), position(all),
    focus ? h('p', {}, h('a', { href: '#/readiness' }, '← all gates')) : null,
    sections.length ? sections : h('p', { class: 'muted' }, 'No readiness gates.')];
}

export async function migration() {
  const list = await get('/api/v1/migrations', { past: true });
  return [h('h1', {}, 'Migration'), position(list),
    list.migrations.map((m) => h('section', { class: 'migration' },
      h('h2', {}, `${m.name} `, status(m.status)),
      h('p', { class: 'muted' }, `${m.from || '?'} → ${m.to || '?'}`),
      h('div', { class: 'waves' }, m.waves.map((w) => h('div', { class: 'wave', 'data-wave': w.key },
        h('h3', {}, w.name, ' ', status(w.status)),
        w.blockers.length ? h('p', {}, 'Blocked by ', w.blockers.map((b) =>
          h('span', {}, refLink(`gates/${b.gate}`), ' ', status(b.status), ' '))) : null,
        w.services.map((s) => h('div', { class: 'svc' },
          h('a', { href: `#/catalog/services/${encodeURIComponent(s.service)}` }, s.service),
          h('div', {}, `disposition: ${s.disposition} · `, status(s.status))))))))),
  ];
}
