// The pages that mailed links open. The token travels in the URL's fragment, which the
// browser never sends to a server, so it reaches no access log and no Referer; this
// script takes it from there, removes it from the address bar and the history, and posts
// it only when the user acts. Opened without a token, the reset page asks for a link.
(function () {
  'use strict';

  var token = new URLSearchParams(window.location.hash.slice(1)).get('token');
  history.replaceState(null, '', window.location.pathname);

  var outcome = document.getElementById('outcome');

  function say(text, failed) {
    outcome.textContent = text;
    outcome.className = failed ? 'failed' : '';
  }

  // Posts the form's body to its endpoint and says how it went.
  function submitting(form, body, succeeded) {
    form.addEventListener('submit', function (event) {
      event.preventDefault();
      var fields = body();
      if (!fields) {
        return;
      }
      var button = form.querySelector('button');
      button.disabled = true;
      fetch(form.dataset.endpoint, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', 'Accept': 'application/json' },
        credentials: 'same-origin',
        body: JSON.stringify(fields)
      }).then(function (response) {
        return response.json().then(function (answer) {
          if (response.ok) {
            form.hidden = true;
            say(succeeded, false);
          } else {
            button.disabled = false;
            say(answer.detail || 'That did not work; ask for a new link.', true);
          }
        });
      }).catch(function () {
        button.disabled = false;
        say('The server could not be reached; try again.', true);
      });
    });
  }

  var forgot = document.getElementById('forgot');
  var reset = document.getElementById('reset');
  var verify = document.getElementById('verify');

  if (!token) {
    if (forgot) {
      forgot.hidden = false;
      submitting(forgot, function () {
        return { email: forgot.querySelector('#email').value };
      }, 'If an account has this address, a link to set a new password is on its way. It works once, for a short while.');
    } else {
      say('This link has no token. Open the link from the mail again, or ask for a new one.', true);
    }
    return;
  }

  if (reset) {
    reset.hidden = false;
    submitting(reset, function () {
      var password = reset.querySelector('#password').value;
      if (password !== reset.querySelector('#confirm').value) {
        say('The two passwords differ.', true);
        return null;
      }
      return { token: token, password: password };
    }, 'Your password has been changed. Every device was signed out; sign in with the new password.');
  }

  if (verify) {
    verify.hidden = false;
    submitting(verify, function () {
      return { token: token };
    }, 'Your email is verified.');
  }
}());
