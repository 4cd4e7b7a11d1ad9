// The JSON API as the dashboard uses it: the token from sessionStorage in the Authorization
// header (never in a URL), and the time-travel moment added to every projection read.

const TOKEN_KEY = 'opshub.token';
const MOMENT_KEY = 'opshub.moment';

export const token = {
  get: () => sessionStorage.getItem(TOKEN_KEY),
  set: (value) => sessionStorage.setItem(TOKEN_KEY, value),
  clear: () => sessionStorage.removeItem(TOKEN_KEY),
};

/** The past moment being viewed: {atPosition} or {asOf}, or null for now. */
export const moment = {
  get() {
    const text = sessionStorage.getItem(MOMENT_KEY);
    return text ? JSON.parse(text) : null;
  },
  set(value) {
    if (value) sessionStorage.setItem(MOMENT_KEY, JSON.stringify(value));
    else sessionStorage.removeItem(MOMENT_KEY);
  },
  /** Parses what the user typed: a position (digits) or an RFC 3339 time. */
  parse(text) {
    const value = text.trim();
    if (/^\d+$/.test(value)) return { atPosition: Number(value) };
    if (/^\d{4}-\d\d-\d\dT\d\d:\d\d(:\d\d(\.\d+)?)?(Z|[+-]\d\d:\d\d)$/.test(value)) {
      return { asOf: value };
    }
    return null;
  },
  label(value) {
    return value.atPosition !== undefined ? `position ${value.atPosition}` : value.asOf;
  },
};

export class ApiError extends Error {
  constructor(status, problem) {
    super(problem?.detail || `HTTP ${status}`);
    this.status = status;
    this.problem = problem;
  }
}

function headers(extra = {}) {
  return { Authorization: `Bearer ${token.get()}`, ...extra };
}

async function fail(response) {
  let problem = null;
  try { problem = await response.json(); } catch (e) { /* not JSON */ }
  if (response.status === 401) window.dispatchEvent(new Event('opshub:unauthorized'));
  throw new ApiError(response.status, problem);
}

/** GET a JSON resource; {past: true} adds the time-travel moment. */
export async function get(path, { past = false, params = {} } = {}) {
  const url = new URL(path, location.origin);
  Object.entries(params).forEach(([k, v]) => v !== undefined && url.searchParams.set(k, v));
  const m = past ? moment.get() : null;
  if (m) Object.entries(m).forEach(([k, v]) => url.searchParams.set(k, v));
  const response = await fetch(url, { headers: headers({ Accept: 'application/json' }) });
  if (!response.ok) await fail(response);
  return response.json();
}

/** GET as text (checkpoint notes, keys) or bytes (export records). */
export async function getText(path) {
  const response = await fetch(path, { headers: headers() });
  if (!response.ok) await fail(response);
  return response.text();
}

export async function getBytes(path) {
  const response = await fetch(path, { headers: headers() });
  if (!response.ok) await fail(response);
  return new Uint8Array(await response.arrayBuffer());
}

/**
 * Follows GET /api/v1/events/stream with fetch (EventSource cannot send the header),
 * calling onEvent(event) for each message and resuming with Last-Event-ID after a drop.
 * Returns a function that stops it.
 */
export function follow(after, onEvent, onState = () => {}) {
  let last = after;
  let stopped = false;
  let controller = null;

  async function connect() {
    controller = new AbortController();
    const h = headers({ Accept: 'text/event-stream', 'Last-Event-ID': String(last) });
    const response = await fetch('/api/v1/events/stream', { headers: h, signal: controller.signal });
    if (!response.ok) await fail(response);
    onState('live');
    const reader = response.body.getReader();
    const decoder = new TextDecoder();
    let buffer = '';
    for (;;) {
      const { value, done } = await reader.read();
      if (done) return;
      buffer += decoder.decode(value, { stream: true });
      let end;
      while ((end = buffer.indexOf('\n\n')) >= 0) {
        const message = parse(buffer.slice(0, end));
        buffer = buffer.slice(end + 2);
        if (message) {
          last = Number(message.id);
          onEvent(JSON.parse(message.data));
        }
      }
    }
  }

  (async () => {
    while (!stopped) {
      try {
        await connect();
      } catch (e) {
        if (stopped) return;
        onState(`reconnecting (${e.message})`);
      }
      if (!stopped) await new Promise((r) => setTimeout(r, 1000));
    }
  })();
  return () => { stopped = true; controller?.abort(); };
}

function parse(block) {
  let id = null;
  const data = [];
  for (const line of block.split('\n')) {
    if (line.startsWith(':')) continue;
    const colon = line.indexOf(':');
    const field = colon < 0 ? line : line.slice(0, colon);
    let value = colon < 0 ? '' : line.slice(colon + 1);
    if (value.startsWith(' ')) value = value.slice(1);
    if (field === 'id') id = value;
    else if (field === 'data') data.push(value);
  }
  return data.length ? { id, data: data.join('\n') } : null;
}
