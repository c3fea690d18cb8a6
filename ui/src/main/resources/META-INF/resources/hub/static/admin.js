/*
 * The admin page: start and stop users' servers, reset passwords, delete and create users.
 *
 * Every action calls the hub's REST API through Callisto.api (XSRF header, JSON). Failures (JSON
 * {status, message}) are shown in #admin-error; a successful change reloads the page so that the
 * table shows the hub's view, except a password reset, which changes nothing visible.
 */
(function () {
  'use strict';

  var root = document.getElementById('admin');
  if (!root) {
    return;
  }

  var errorBox = document.getElementById('admin-error');
  var noticeBox = document.getElementById('admin-notice');
  var table = document.getElementById('users');
  var form = document.getElementById('create-user-form');
  var nameInput = document.getElementById('new-user-name');
  var passwordInput = document.getElementById('new-user-password');
  var adminInput = document.getElementById('new-user-admin');
  var createButton = document.getElementById('create-user');

  function userUrl(name) {
    return '/hub/api/users/' + encodeURIComponent(name);
  }

  function showError(message) {
    Callisto.showAlert(noticeBox, '');
    Callisto.showAlert(errorBox, message);
  }

  function showNotice(message) {
    Callisto.showAlert(errorBox, '');
    Callisto.showAlert(noticeBox, message);
  }

  /* Sends one request with button disabled; on success calls done(result), on failure shows the error. */
  function run(button, method, url, body, what, done) {
    Callisto.showAlert(errorBox, '');
    Callisto.setBusy(button, true);
    Callisto.api(method, url, body).then(function (result) {
      if (result.ok) {
        if (done !== reload) {
          Callisto.setBusy(button, false); // a reload keeps the button disabled until the page goes
        }
        done(result);
        return;
      }
      Callisto.setBusy(button, false);
      showError(Callisto.errorMessage(result, what));
    });
  }

  function reload() {
    window.location.reload();
  }

  var actions = {
    'start-server': function (name, button) {
      run(button, 'POST', userUrl(name) + '/server', undefined, 'Could not start the server of ' + name, reload);
    },
    'stop-server': function (name, button) {
      run(button, 'DELETE', userUrl(name) + '/server', undefined, 'Could not stop the server of ' + name, reload);
    },
    'reset-password': function (name, button) {
      var password = window.prompt('New password for ' + name + ':');
      if (password === null) {
        return;
      }
      if (password === '') {
        showError('The new password must not be empty.');
        return;
      }
      run(button, 'PATCH', userUrl(name), { password: password }, 'Could not change the password of ' + name,
        function () {
          showNotice('The password of ' + name + ' has been changed.');
        });
    },
    'delete-user': function (name, button) {
      if (!window.confirm('Delete the user ' + name + '? Their server is stopped. This cannot be undone.')) {
        return;
      }
      run(button, 'DELETE', userUrl(name), undefined, 'Could not delete ' + name, reload);
    }
  };

  table.addEventListener('click', function (event) {
    var button = event.target.closest('button[data-action]');
    if (!button || button.disabled) {
      return;
    }
    var row = button.closest('tr[data-name]');
    var action = actions[button.getAttribute('data-action')];
    if (row && action) {
      action(row.getAttribute('data-name'), button);
    }
  });

  form.addEventListener('submit', function (event) {
    event.preventDefault();
    var name = nameInput.value.trim();
    if (!name) {
      showError('Enter a username for the new user.');
      nameInput.focus();
      return;
    }
    run(createButton, 'POST', userUrl(name), { password: passwordInput.value, admin: adminInput.checked },
      'Could not create ' + name, reload);
  });
})();
