/*
 * The History page: one person's IPython history from every kernel, read through the hub's API with the
 * login cookie.
 *
 * Search: GET /hub/api/users/{owner}/ipython/history/search?pattern=...&n=200. Plain text is looked for
 * anywhere in a cell (*text*); text with * ? or [ is used as the glob it is. Newest first.
 * Sessions: GET …/ipython/sessions?offset=&limit=21 (20 shown; a 21st means there are older ones).
 * A session: GET …/ipython/sessions/{n}/history?output=true, its cells with In/Out numbers.
 * Delete a session (own history, or an admin's view): DELETE …/ipython/sessions/{n}.
 * Copy: every cell has a Copy button (the cell as typed, source_raw).
 */
(function () {
  'use strict';

  var root = document.getElementById('history-page');
  if (!root) {
    return;
  }
  var PAGE = 20;
  var base = '/hub/api/users/' + encodeURIComponent(root.getAttribute('data-owner')) + '/ipython';
  var errorBox = document.getElementById('history-error');
  var copyStatus = document.getElementById('copy-status');
  var searchForm = document.getElementById('history-search');
  var patternInput = document.getElementById('history-pattern');
  var results = document.getElementById('search-results');
  var sessionsBody = document.querySelector('#sessions tbody');
  var range = document.getElementById('sessions-range');
  var prev = document.getElementById('sessions-prev');
  var next = document.getElementById('sessions-next');
  var view = document.getElementById('session-view');
  var offset = 0;

  function showError(message) {
    Callisto.showAlert(errorBox, message);
  }

  /* ISO timestamps from the API, in the browser's time zone. */
  function formatDate(value) {
    var date = new Date(value || '');
    if (isNaN(date.getTime())) {
      return value ? String(value) : '';
    }
    return date.toLocaleString([], { year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit' });
  }

  function element(tag, className, text) {
    var node = document.createElement(tag);
    if (className) {
      node.className = className;
    }
    if (text !== undefined && text !== null) {
      node.textContent = text;
    }
    return node;
  }

  function button(label, action, className) {
    var b = element('button', 'btn btn-small ' + (className || 'btn-secondary'), label);
    b.type = 'button';
    b.setAttribute('data-action', action);
    return b;
  }

  function copyButton(text) {
    var b = button('Copy', 'copy');
    b.addEventListener('click', function () {
      copy(text);
    });
    return b;
  }

  function copy(text) {
    if (navigator.clipboard && window.isSecureContext) {
      navigator.clipboard.writeText(text).then(function () {
        copyStatus.textContent = 'Cell copied to the clipboard.';
      }, function () {
        fallbackCopy(text);
      });
      return;
    }
    fallbackCopy(text);
  }

  /* Plain http: copy through a hidden text area (the clipboard API needs a secure context). */
  function fallbackCopy(text) {
    var area = element('textarea');
    area.value = text;
    area.setAttribute('readonly', '');
    area.style.position = 'fixed';
    area.style.opacity = '0';
    document.body.appendChild(area);
    area.select();
    var ok = false;
    try {
      ok = document.execCommand('copy');
    } catch (e) {
      ok = false;
    }
    area.remove();
    copyStatus.textContent = ok ? 'Cell copied to the clipboard.' : 'Your browser would not copy; select the cell and press Ctrl+C.';
  }

  function globOf(text) {
    return /[*?[]/.test(text) ? text : '*' + text + '*';
  }

  function emptyRow(tbody, columns, text) {
    var row = element('tr', 'empty-row');
    var td = element('td', null, text);
    td.colSpan = columns;
    row.appendChild(td);
    tbody.appendChild(row);
  }

  /* ---- search ---- */
  searchForm.addEventListener('submit', function (event) {
    event.preventDefault();
    var text = patternInput.value.trim();
    if (!text) {
      results.hidden = true;
      return;
    }
    showError('');
    var url = base + '/history/search?n=200&pattern=' + encodeURIComponent(globOf(text));
    Callisto.api('GET', url).then(function (result) {
      var tbody = results.querySelector('tbody');
      tbody.textContent = '';
      results.hidden = false;
      if (!result.ok) {
        showError(Callisto.errorMessage(result, 'Could not search the history'));
        return;
      }
      var entries = result.data.history.slice().reverse();
      if (!entries.length) {
        emptyRow(tbody, 3, 'No cell matches ' + globOf(text) + '.');
        return;
      }
      entries.forEach(function (entry) {
        var row = element('tr');
        var ref = element('td', 'cell-ref');
        var link = element('a', null, entry.session + '/' + entry.line);
        link.href = '#session-' + entry.session;
        link.addEventListener('click', function (e) {
          e.preventDefault();
          openSession(entry.session);
        });
        ref.appendChild(link);
        row.appendChild(ref);
        var code = element('td');
        code.appendChild(element('pre', 'cell-code', entry.source_raw));
        row.appendChild(code);
        var actions = element('td', 'cell-actions');
        actions.appendChild(copyButton(entry.source_raw));
        row.appendChild(actions);
        tbody.appendChild(row);
      });
    });
  });

  /* ---- sessions ---- */
  function loadSessions() {
    Callisto.api('GET', base + '/sessions?offset=' + offset + '&limit=' + (PAGE + 1)).then(function (result) {
      sessionsBody.textContent = '';
      if (!result.ok) {
        showError(Callisto.errorMessage(result, 'Could not load the sessions'));
        emptyRow(sessionsBody, 6, 'Sessions could not be loaded.');
        return;
      }
      var sessions = result.data.slice(0, PAGE);
      prev.disabled = offset === 0;
      next.disabled = result.data.length <= PAGE;
      range.textContent = sessions.length ? 'Sessions ' + sessions[sessions.length - 1].session + ' to ' + sessions[0].session : '';
      if (!sessions.length) {
        emptyRow(sessionsBody, 6, 'No history yet. Cells you run in a notebook or console appear here.');
        return;
      }
      sessions.forEach(function (s) {
        var row = element('tr');
        row.setAttribute('data-session', s.session);
        var number = element('th', null, String(s.session));
        number.scope = 'row';
        if (s.remark) {
          number.appendChild(element('span', 'muted', ' ' + s.remark));
        }
        row.appendChild(number);
        row.appendChild(element('td', null, formatDate(s.start)));
        row.appendChild(element('td', null, s.end ? formatDate(s.end) : 'running, or ended without saying so'));
        row.appendChild(element('td', null, String(s.inputs)));
        row.appendChild(element('td', null, s.server === '' ? 'default' : s.server));
        var actions = element('td', 'cell-actions');
        var group = element('div', 'row-actions');
        group.appendChild(button('View', 'view'));
        group.appendChild(button('Delete', 'delete', 'btn-danger'));
        actions.appendChild(group);
        row.appendChild(actions);
        sessionsBody.appendChild(row);
      });
    });
  }

  sessionsBody.addEventListener('click', function (event) {
    var target = event.target.closest('button[data-action]');
    var row = target && target.closest('tr[data-session]');
    if (!row) {
      return;
    }
    var number = row.getAttribute('data-session');
    if (target.getAttribute('data-action') === 'view') {
      openSession(number);
      return;
    }
    if (!window.confirm('Delete session ' + number + ' and all its cells? This cannot be undone.')) {
      return;
    }
    Callisto.setBusy(target, true);
    Callisto.api('DELETE', base + '/sessions/' + encodeURIComponent(number)).then(function (result) {
      Callisto.setBusy(target, false);
      if (!result.ok) {
        showError(Callisto.errorMessage(result, 'Could not delete the session'));
        return;
      }
      if (view.getAttribute('data-session') === number) {
        view.hidden = true;
      }
      loadSessions();
    });
  });

  prev.addEventListener('click', function () {
    offset = Math.max(0, offset - PAGE);
    loadSessions();
  });
  next.addEventListener('click', function () {
    offset += PAGE;
    loadSessions();
  });

  /* ---- one session ---- */
  function openSession(number) {
    showError('');
    Promise.all([
      Callisto.api('GET', base + '/sessions/' + encodeURIComponent(number)),
      Callisto.api('GET', base + '/sessions/' + encodeURIComponent(number) + '/history?output=true')
    ]).then(function (answers) {
      var info = answers[0];
      var lines = answers[1];
      if (!info.ok || !lines.ok) {
        showError(Callisto.errorMessage(info.ok ? lines : info, 'Could not load session ' + number));
        return;
      }
      view.setAttribute('data-session', String(number));
      document.getElementById('session-heading').textContent = 'Session ' + number + (info.data.remark ? ': ' + info.data.remark : '');
      document.getElementById('session-meta').textContent = 'Started ' + formatDate(info.data.start) +
        (info.data.end ? ', ended ' + formatDate(info.data.end) : '') +
        ' · server ' + (info.data.server === '' ? 'default' : info.data.server) +
        (lines.data.truncated ? ' · only the first ' + lines.data.history.length + ' cells are shown' : '');
      var list = document.getElementById('session-cells');
      list.textContent = '';
      if (!lines.data.history.length) {
        list.appendChild(element('li', 'muted', 'This session has no cells.'));
      }
      lines.data.history.forEach(function (entry) {
        var item = element('li');
        item.appendChild(element('span', 'cell-ref', 'In [' + entry.line + ']'));
        item.appendChild(element('pre', 'cell-code', entry.source_raw));
        item.appendChild(copyButton(entry.source_raw));
        if (entry.output !== null && entry.output !== undefined) {
          item.appendChild(element('pre', 'cell-code cell-out', 'Out[' + entry.line + ']: ' + entry.output));
        }
        list.appendChild(item);
      });
      view.hidden = false;
      view.focus();
    });
  }

  loadSessions();
})();
