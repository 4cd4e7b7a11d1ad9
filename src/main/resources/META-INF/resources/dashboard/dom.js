// A few DOM helpers; every text goes in as text, never as HTML.

export function h(tag, attrs = {}, ...children) {
  const el = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) {
    if (v === undefined || v === null || v === false) continue;
    if (k.startsWith('on')) el.addEventListener(k.slice(2), v);
    else if (k === 'class') el.className = v;
    else el.setAttribute(k, v === true ? '' : v);
  }
  for (const child of children.flat()) {
    if (child === undefined || child === null || child === false) continue;
    el.append(child instanceof Node ? child : String(child));
  }
  return el;
}

export function status(text) {
  return h('span', { class: `status ${text}` }, text);
}

/** "3 min ago" for an RFC 3339 time (or an ISO-8601 duration age from the API). */
export function ago(time) {
  if (!time) return '';
  const seconds = Math.max(0, (Date.now() - Date.parse(time)) / 1000);
  if (seconds < 90) return `${Math.round(seconds)} s ago`;
  if (seconds < 5400) return `${Math.round(seconds / 60)} min ago`;
  if (seconds < 172800) return `${Math.round(seconds / 3600)} h ago`;
  return `${Math.round(seconds / 86400)} days ago`;
}

/** A catalog reference "kind/key" as a link to its page. */
export function refLink(ref) {
  const slash = ref.indexOf('/');
  const kind = ref.slice(0, slash);
  const key = ref.slice(slash + 1);
  if (kind === 'gates') return h('a', { href: `#/readiness/${encodeURIComponent(key)}` }, ref);
  if (kind === 'migrations') return h('a', { href: '#/migration' }, ref);
  return h('a', { href: `#/catalog/${kind}/${encodeURIComponent(key)}` }, ref);
}

export function table(head, rows, attrs = {}) {
  return h('div', { class: 'scroll' }, h('table', attrs,
    h('thead', {}, h('tr', {}, head.map((c) => h('th', { scope: 'col' }, c)))),
    h('tbody', {}, rows)));
}
