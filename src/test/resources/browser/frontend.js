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
