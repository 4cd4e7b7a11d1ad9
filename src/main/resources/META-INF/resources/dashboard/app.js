// The dashboard shell: sign-in, navigation, time travel, and the page router.
import { ApiError, get, moment, token } from './api.js';
import { h } from './dom.js';
import * as pages from './pages.js';
import { evidence } from './evidence.js';
import { audit } from './audit.js';

const view = document.getElementById('view');
const login = document.getElementById('login');
let leavePage = null;

const routes = {
  overview: pages.overview,
  catalog: pages.catalog,
  gaps: pages.gaps,
  readiness: pages.readiness,
  migration: pages.migration,
  evidence,
  audit,
};

function signedIn(yes) {
  for (const id of ['nav', 'time-travel', 'logout']) document.getElementById(id).hidden = !yes;
  login.hidden = yes;
}

function showLogin(message = '') {
  leavePage?.();
  leavePage = null;
  signedIn(false);
  [...view.children].forEach((c) => c !== login && c.remove());
  document.getElementById('login-error').textContent = message;
  document.getElementById('token-input').focus();
}

document.getElementById('login-form').addEventListener('submit', async (e) => {
  e.preventDefault();
  const input = document.getElementById('token-input');
  token.set(input.value.trim());
  try {
    await get('/api/v1/catalog');
    input.value = '';
    route();
  } catch (err) {
    token.clear();
    showLogin(err instanceof ApiError && err.status === 403
      ? 'This token may not read (it needs the reader, auditor or admin role).'
      : 'That token was not accepted.');
  }
});

document.getElementById('logout').addEventListener('click', () => {
  token.clear();
  showLogin();
});

window.addEventListener('opshub:unauthorized', () => {
  token.clear();
  showLogin('The token is no longer valid; sign in again.');
});

// --- time travel -------------------------------------------------------------------------

const ttForm = document.getElementById('time-travel');
const ttValue = document.getElementById('tt-value');
const banner = document.getElementById('past-banner');

function showMoment() {
  const m = moment.get();
  document.body.classList.toggle('past', !!m);
  banner.hidden = !m;
  banner.textContent = m
    ? `Past view: every page shows the ledger as of ${moment.label(m)}. Press "Now" to return to the present.`
    : '';
  ttValue.value = m ? (m.atPosition ?? m.asOf) : '';
}

ttForm.addEventListener('submit', (e) => {
  e.preventDefault();
  if (!ttValue.value.trim()) {
    moment.set(null);
  } else {
    const m = moment.parse(ttValue.value);
    if (!m) {
      ttValue.setCustomValidity('a position (e.g. 40) or an RFC 3339 time (e.g. 2026-12-01T10:00:00Z)');
      ttValue.reportValidity();
      return;
    }
    moment.set(m);
  }
  ttValue.setCustomValidity('');
  route();
});

document.getElementById('tt-now').addEventListener('click', () => {
  moment.set(null);
  route();
});

// --- routing -----------------------------------------------------------------------------

async function route() {
  if (!token.get()) {
    showLogin();
    return;
  }
  signedIn(true);
  showMoment();
  leavePage?.();
  leavePage = null;
  const [first, ...rest] = location.hash.replace(/^#\/?/, '').split('/');
  const name = routes[first] ? first : 'overview';
  const page = routes[name];
  document.querySelectorAll('[data-nav]').forEach((a) => {
    if (a.dataset.nav === name) a.setAttribute('aria-current', 'page');
    else a.removeAttribute('aria-current');
  });
  const container = h('div', { id: 'page', 'data-page': name, 'data-ready': 'false' },
    h('p', { class: 'muted' }, 'Loading…'));
  [...view.children].forEach((c) => c !== login && c.remove());
  view.append(container);
  try {
    const content = await page(rest.map(decodeURIComponent));
    if (!container.isConnected) return;
    container.replaceChildren(...[content.nodes || content].flat(Infinity)
      .filter((n) => n !== null && n !== undefined && n !== false));
    leavePage = content.leave || null;
  } catch (err) {
    if (!container.isConnected) return;
    container.replaceChildren(h('h1', {}, 'Could not load this page'),
      h('p', { class: 'error', role: 'alert' }, err.message));
  }
  container.dataset.ready = 'true';
  document.title = `ops-hub · ${container.querySelector('h1')?.textContent || name}`;
}

window.addEventListener('hashchange', route);
route();
