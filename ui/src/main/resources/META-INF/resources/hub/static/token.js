/*
 * The token page: request a new API token and revoke existing ones.
 *
 * Request: POST /hub/api/users/{name}/tokens with JSON {note?, expires_in?}; the answer's `token` is
 * the secret, shown once in #new-token. The answer's other fields (id, note, created, expires_at),
 * when present, add the token to the table without a reload, which would lose the secret.
 * Revoke: DELETE /hub/api/users/{name}/tokens/{id}, then the row goes.
 */
(function () {
  'use strict';

  var root = document.getElementById('tokens-page');
  if (!root) {
    return;
  }

  var name = root.getAttribute('data-user');
  var tokensUrl = '/hub/api/users/' + encodeURIComponent(name) + '/tokens';
  var errorBox = document.getElementById('token-error');
  var form = document.getElementById('token-form');
  var noteInput = document.getElementById('token-note');
  var expiresSelect = document.getElementById('token-expires');
  var requestButton = document.getElementById('request-token');
  var panel = document.getElementById('new-token-panel');
  var secret = document.getElementById('new-token');
  var copyButton = document.getElementById('copy-token');
  var copyStatus = document.getElementById('copy-status');
  var tbody = document.querySelector('#tokens tbody');

  function showError(message) {
    Callisto.showAlert(errorBox, message);
  }

  function cell(tag, label, content) {
    var element = document.createElement(tag);
    element.setAttribute('data-label', label);
    if (tag === 'th') {
      element.setAttribute('scope', 'row');
    }
    if (content !== undefined) {
      element.textContent = content;
    }
    return element;
  }

  function addRow(token) {
    var empty = tbody.querySelector('.empty-row');
    if (empty) {
      empty.remove();
    }
    var row = document.createElement('tr');
    row.setAttribute('data-id', token.id);

    var note = cell('th', 'Note');
    if (token.note) {
      note.appendChild(document.createTextNode(token.note + ' '));
    } else {
      var none = document.createElement('span');
      none.className = 'muted';
      none.textContent = 'No note';
      note.appendChild(none);
      note.appendChild(document.createTextNode(' '));
    }
    var id = document.createElement('span');
    id.className = 'token-id';
    id.textContent = token.id;
    note.appendChild(id);
    row.appendChild(note);

    row.appendChild(cell('td', 'Created', token.created ? Callisto.formatDate(token.created) : 'just now'));
    row.appendChild(cell('td', 'Expires', token.expires_at ? Callisto.formatDate(token.expires_at) : 'never'));
    row.appendChild(cell('td', 'Last used', 'never'));

    var actions = cell('td', 'Actions');
    actions.className = 'cell-actions';
    var revoke = document.createElement('button');
    revoke.type = 'button';
    revoke.className = 'btn btn-small btn-danger';
    revoke.setAttribute('data-action', 'revoke');
    revoke.textContent = 'Revoke';
    actions.appendChild(revoke);
    row.appendChild(actions);

    tbody.insertBefore(row, tbody.firstChild);
  }

  function showEmptyIfNoRows() {
    if (tbody.querySelector('tr')) {
      return;
    }
    var row = document.createElement('tr');
    row.className = 'empty-row';
    var td = document.createElement('td');
    td.colSpan = 5;
    td.textContent = 'You have no API tokens.';
    row.appendChild(td);
    tbody.appendChild(row);
  }

  form.addEventListener('submit', function (event) {
    event.preventDefault();
    showError('');
    var body = {};
    var note = noteInput.value.trim();
    if (note) {
      body.note = note;
    }
    if (expiresSelect.value) {
      body.expires_in = parseInt(expiresSelect.value, 10);
    }
    Callisto.setBusy(requestButton, true);
    Callisto.api('POST', tokensUrl, body).then(function (result) {
      Callisto.setBusy(requestButton, false);
      if (!result.ok || !result.data || !result.data.token) {
        showError(result.ok ? 'The hub did not return a token.' : Callisto.errorMessage(result, 'Could not create a token'));
        return;
      }
      secret.textContent = result.data.token;
      copyStatus.textContent = '';
      panel.hidden = false;
      form.reset();
      if (result.data.id) {
        addRow(result.data);
      }
      secret.focus();
    });
  });

  function copied() {
    copyStatus.textContent = 'Copied to the clipboard.';
  }

  /* Selecting the text lets the user copy by hand where the clipboard is out of reach (plain http). */
  function selectSecret() {
    var range = document.createRange();
    range.selectNodeContents(secret);
    var selection = window.getSelection();
    selection.removeAllRanges();
    selection.addRange(range);
  }

  copyButton.addEventListener('click', function () {
    var text = secret.textContent;
    if (navigator.clipboard && window.isSecureContext) {
      navigator.clipboard.writeText(text).then(copied, function () {
        selectSecret();
        copyStatus.textContent = 'Press Ctrl+C (or \u2318C) to copy the selected token.';
      });
      return;
    }
    selectSecret();
    var ok = false;
    try {
      ok = document.execCommand('copy');
    } catch (e) {
      ok = false;
    }
    if (ok) {
      copied();
    } else {
      copyStatus.textContent = 'Press Ctrl+C (or \u2318C) to copy the selected token.';
    }
  });

  tbody.addEventListener('click', function (event) {
    var button = event.target.closest('button[data-action="revoke"]');
    if (!button || button.disabled) {
      return;
    }
    var row = button.closest('tr[data-id]');
    if (!row || !window.confirm('Revoke this token? Anything that uses it will lose access.')) {
      return;
    }
    showError('');
    Callisto.setBusy(button, true);
    var url = tokensUrl + '/' + encodeURIComponent(row.getAttribute('data-id'));
    Callisto.api('DELETE', url).then(function (result) {
      if (!result.ok) {
        Callisto.setBusy(button, false);
        showError(Callisto.errorMessage(result, 'Could not revoke the token'));
        return;
      }
      row.remove();
      showEmptyIfNoRows();
    });
  });
})();
