'use strict';
// The test frontend: one button per API call, every call with credentials: 'include' so the
// browser sends and stores the API's HttpOnly cookies. The last answer is written to #result
// (action, status, a running count) and #body, for the test to read.
const api = new URLSearchParams(location.search).get('api');
document.getElementById('api').textContent = api;
document.getElementById('origin').textContent = location.origin;

let count = 0;

function field(id) {
  return document.getElementById(id).value;
}

function showCookies() {
  document.getElementById('document-cookie').textContent = JSON.stringify(document.cookie);
}

async function call(action, method, path, body) {
  const init = { method, credentials: 'include', headers: { Accept: 'application/json' } };
  if (body !== undefined) {
    init.headers['Content-Type'] = 'application/json';
    init.body = JSON.stringify(body);
  }
  let status;
  let text;
  try {
    const response = await fetch(api + path, init);
    status = String(response.status);
    text = await response.text();
  } catch (error) {
    status = 'network-error';
    text = String(error);
  }
  count += 1;
  const result = document.getElementById('result');
  result.dataset.action = action;
  result.dataset.status = status;
  result.textContent = action + ': ' + status;
  document.getElementById('body').textContent = text;
  showCookies();
  result.dataset.count = String(count);
}

document.getElementById('register').addEventListener('click', () => call('register', 'POST', '/auth/register',
  { email: field('email'), password: field('password'), full_name: field('full-name') || null }));
document.getElementById('login').addEventListener('click', () => call('login', 'POST', '/auth/login',
  { email: field('email'), password: field('password') }));
document.getElementById('me').addEventListener('click', () => call('me', 'GET', '/users/me'));
document.getElementById('refresh').addEventListener('click', () => call('refresh', 'POST', '/auth/refresh'));
document.getElementById('logout').addEventListener('click', () => call('logout', 'POST', '/auth/logout'));
showCookies();

// Passkeys, as a frontend uses them: ask the API for options, hand them to the browser's
// authenticator, send back what it answered. Options and answers are the W3C's JSON, so
// PublicKeyCredential's own parse and toJSON functions do all the encoding. Each returns the
// API's last answer as {status, body}.
async function answer(response) {
  return { status: response.status, body: await response.text() };
}

async function post(path, body) {
  const init = { method: 'POST', credentials: 'include', headers: { Accept: 'application/json' } };
  if (body !== undefined) {
    init.headers['Content-Type'] = 'application/json';
    init.body = JSON.stringify(body);
  }
  return fetch(api + path, init);
}

// Options from optionsPath, the authenticator's answer to postPath (with extra fields).
async function ceremony(kind, optionsPath, postPath, extra) {
  const options = await post(optionsPath);
  if (!options.ok) {
    return answer(options);
  }
  const json = await options.json();
  const credential = kind === 'create'
    ? await navigator.credentials.create({ publicKey: PublicKeyCredential.parseCreationOptionsFromJSON(json) })
    : await navigator.credentials.get({ publicKey: PublicKeyCredential.parseRequestOptionsFromJSON(json) });
  return answer(await post(postPath, Object.assign({ credential: credential.toJSON() }, extra)));
}

window.passkeys = {
  add: (name) => ceremony('create', '/users/me/passkeys/options', '/users/me/passkeys', { name }),
  signIn: () => ceremony('get', '/auth/passkey/options', '/auth/passkey/login', {}),
  secondFactor: () => ceremony('get', '/auth/mfa/passkey/options', '/auth/mfa/passkey', {}),
  stepUp: () => ceremony('get', '/auth/mfa/step-up/passkey/options', '/auth/mfa/step-up/passkey', {}),
  list: async () => answer(await fetch(api + '/users/me/passkeys', { credentials: 'include' })),
  remove: async (id) => answer(await fetch(api + '/users/me/passkeys/' + id,
    { method: 'DELETE', credentials: 'include' })),
};
