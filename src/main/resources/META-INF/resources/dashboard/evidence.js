// The evidence page: the live feed (GET /api/v1/events/stream read with fetch) with
// filters, and the blocked submissions with their reasons. In a past view it lists the
// events up to that moment instead of following the present.
import { follow, get, moment } from './api.js';
import { h } from './dom.js';

const SHOWN = 200;
const BACKLOG = 30;

export async function evidence() {
  const m = moment.get();
  const [overview, blocked] = await Promise.all([
    get('/api/v1/dashboard/overview', { past: true }),
    get('/api/v1/blocked'),
  ]);
  const type = h('input', { id: 'feed-type', type: 'search', placeholder: 'event type',
    'aria-label': 'Filter by event type' });
  const widget = h('input', { id: 'feed-widget', type: 'search', placeholder: 'widget id',
    'aria-label': 'Filter by widget' });
  const hideSystem = h('input', { id: 'feed-hide-system', type: 'checkbox' });
  const state = h('span', { class: 'muted', id: 'feed-state', 'aria-live': 'polite' });
  const list = h('ul', { class: 'feed', id: 'feed' });
  const events = [];

  // a record is shown as the ledger holds it, even one missing a member (tampered with)
  const text = (value) => (value === undefined || value === null ? '' : String(value));
  const matches = (e) => (!type.value || text(e.eventType).includes(type.value.trim()))
    && (!widget.value || text(e.widgetId).includes(widget.value.trim()))
    && !(hideSystem.checked && text(e.eventType).startsWith('opshub.'));
  const item = (e, fresh) => h('li', { class: fresh ? 'new' : null, 'data-position': e.position },
    h('strong', {}, `#${e.position} `),
    h('span', { class: 'event-type' }, text(e.eventType) || '(no event type)'),
    h('div', { class: 'muted' }, `widget ${e.widgetId} · ${e.recordedAt} · source ${e.source}`),
    h('details', {}, h('summary', {}, 'metadata'), h('pre', {}, JSON.stringify(e.metadata, null, 2))));
  const render = () => list.replaceChildren(...events.filter(matches).map((e) => item(e, false)));
  [type, widget].forEach((i) => i.addEventListener('input', render));
  hideSystem.addEventListener('change', render);

  let stop = null;
  const head = m ? overview.position : overview.ledger.head;
  if (m) {
    const page = await get('/api/v1/events', { params: { after: Math.max(0, head - BACKLOG),
      limit: BACKLOG } });
    page.events.filter((e) => e.position <= head).reverse().forEach((e) => events.push(e));
    render();
    state.textContent = `past view: the ${events.length} events up to position ${head}`;
  } else {
    state.textContent = 'connecting…';
    stop = follow(Math.max(0, head - BACKLOG), (e) => {
      events.unshift(e);
      events.length = Math.min(events.length, SHOWN);
      if (matches(e)) list.prepend(item(e, true));
      while (list.children.length > SHOWN) list.lastChild.remove();
    }, (s) => { state.textContent = s; });
  }

  return {
    nodes: [
      h('h1', {}, 'Evidence'),
      h('h2', {}, m ? 'Events (past view)' : 'Live feed'),
      h('div', { class: 'filters' }, type, widget,
        h('label', {}, hideSystem, ' hide ops-hub\'s own events'), state),
      list,
      h('h2', {}, `Blocked submissions (${blocked.blocked.length}, now)`),
      blocked.blocked.length ? h('ul', { class: 'feed', id: 'blocked' }, blocked.blocked.map((b) =>
        h('li', {}, h('strong', {}, b.submission.eventType), ` for widget ${b.submission.widgetId}`,
          h('div', { class: 'muted' }, `held since ${b.heldSince} at position ${b.heldAt}, from ${b.source}`),
          h('ul', {}, b.reasons.map((r) => h('li', {}, r))))))
        : h('p', { class: 'muted' }, 'Nothing is held.'),
    ],
    leave: () => stop?.(),
  };
}
