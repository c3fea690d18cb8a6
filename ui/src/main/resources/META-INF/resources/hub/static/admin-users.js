/*
 * The admin console's Users tab, on the REST API:
 *   list    GET /hub/api/users?offset&limit&name_filter&sort&include_stopped_servers=1 (pagination envelope)
 *   create  POST /hub/api/users/{name} {password?, admin} (one) or POST /hub/api/users {usernames, admin} (several)
 *   edit    PATCH /hub/api/users/{name} with only what changed: {name?, admin?, password?}
 *   delete  DELETE /hub/api/users/{name}
 *   servers POST / DELETE /hub/api/users/{name}/server (POST waits up to the hub's slow-spawn timeout)
 * While a server on the page is starting or stopping, the page is fetched again every two seconds.
 */
(function () {
  'use strict';

  var A = window.CallistoAdmin;
  if (!A || !A.pagedTable) {
    return;
  }
  var el = A.el;

  var POLL_MILLIS = 2000;
  var SEARCH_DELAY_MILLIS = 250;
  var STATUS_LABELS = { running: 'Running', pending: 'Starting', stopping: 'Stopping', stopped: 'Stopped' };

  var table = document.getElementById('users-table');
  var search = document.getElementById('user-search');
  var sortSelect = document.getElementById('user-sort');
  var state = {
    filter: '',
    sort: 'name',
    busy: {},      // name -> 'start' | 'stop' while that request is in flight
    visible: false
  };
  var pollTimer = null;
  var users = A.pagedTable({
    url: '/hub/api/users',
    prefix: 'users',
    nouns: ['user', 'users'],
    params: function () {
      return { name_filter: state.filter, sort: state.sort, include_stopped_servers: 1 };
    },
    row: row,
    emptyMessage: function () {
      return state.filter ? 'No users match \u201c' + state.filter + '\u201d.' : 'No users yet. Create some below.';
    },
    loaded: schedulePoll
  });

  function userUrl(name) {
    return '/hub/api/users/' + encodeURIComponent(name);
  }

  /* running | pending | stopping | stopped, from JupyterHub's server model (absent: never started). */
  function serverStatus(server) {
    if (!server) {
      return 'stopped';
    }
    if (server.ready) {
      return 'running';
    }
    if (server.pending === 'spawn') {
      return 'pending';
    }
    return server.pending === 'stop' ? 'stopping' : 'stopped';
  }

  function badge(status, small) {
    return el('span', { className: 'badge badge-' + status + (small ? ' badge-small' : ''), text: STATUS_LABELS[status] });
  }

  /* ---- rendering ---- */

  /* While a server on the page is starting or stopping, the page is fetched again. */
  function schedulePoll(items) {
    window.clearTimeout(pollTimer);
    var changing = Object.keys(state.busy).length > 0 || items.some(function (user) {
      var servers = user.servers || {};
      return Object.keys(servers).some(function (name) {
        return servers[name].pending;
      });
    });
    if (changing && state.visible) {
      pollTimer = window.setTimeout(users.refresh, POLL_MILLIS);
    }
  }

  function row(user) {
    var name = user.name;
    var servers = user.servers || {};
    var status = serverStatus(servers['']);
    return el('tr', { attrs: { 'data-key': name, 'data-name': name, 'data-status': status } }, [
      el('th', { className: 'cell-user', attrs: { scope: 'row', 'data-label': 'User' } }, [
        el('span', { className: 'user-name', text: name }),
        user.admin ? el('span', { className: 'badge badge-admin', text: 'Admin' }) : null,
        name === A.me ? el('span', { className: 'you', text: '(you)' }) : null
      ]),
      el('td', { className: 'cell-groups', attrs: { 'data-label': 'Groups' } }, [groupList(user.groups || [])]),
      el('td', { className: 'cell-server', attrs: { 'data-label': 'Server' } }, serverCell(name, servers, status)),
      el('td', { attrs: { 'data-label': 'Last activity' } }, [A.timeElement(user.last_activity)]),
      el('td', { className: 'cell-actions', attrs: { 'data-label': 'Actions' } }, [actions(name, status)])
    ]);
  }

  function groupList(groups) {
    if (!groups.length) {
      return el('span', { className: 'muted', text: 'None' });
    }
    return el('ul', { className: 'chips', attrs: { 'aria-label': 'Groups' } }, groups.map(function (group) {
      return el('li', { className: 'chip', text: group });
    }));
  }

  function serverCell(name, servers, status) {
    var cell = [badge(status)];
    if (status === 'running' && servers[''].url) {
      cell.push(el('a', { className: 'link-open', text: 'Open', attrs: { href: servers[''].url } }, [
        el('span', { className: 'visually-hidden', text: ' the server of ' + name })
      ]));
    }
    var named = Object.keys(servers).filter(function (serverName) {
      return serverName !== '';
    }).sort();
    if (named.length) {
      cell.push(el('ul', { className: 'named-servers', attrs: { 'aria-label': 'Named servers' } }, named.map(function (serverName) {
        return el('li', {}, [el('span', { className: 'server-name', text: serverName }), badge(serverStatus(servers[serverName]), true)]);
      })));
    }
    return cell;
  }

  function actions(name, status) {
    var busy = state.busy[name];
    var serverButton;
    if (busy) {
      // aria-disabled, not disabled: a disabled button would drop the keyboard focus it holds
      serverButton = A.button(busy === 'start' ? 'Starting\u2026' : 'Stopping\u2026', 'btn-secondary', busy + '-server',
        { 'aria-disabled': 'true', 'aria-busy': 'true' });
    } else if (status === 'running' || status === 'pending') {
      serverButton = A.button('Stop server', 'btn-secondary', 'stop-server');
    } else {
      serverButton = A.button('Start server', 'btn-secondary', 'start-server', { disabled: status === 'stopping' });
    }
    var buttons = [serverButton, A.button('Edit', 'btn-secondary', 'edit')];
    if (name !== A.me) {
      buttons.push(A.button('Sign out', 'btn-secondary', 'end-sessions'));
      buttons.push(A.button('Delete', 'btn-danger', 'delete'));
    }
    buttons.forEach(function (button) {
      button.appendChild(el('span', { className: 'visually-hidden', text: ' ' + name }));
    });
    return el('div', { className: 'row-actions' }, buttons);
  }

  /* ---- row actions ---- */

  function serverRequest(name, method, verb) {
    A.clearAlerts();
    state.busy[name] = verb;
    users.render();
    Callisto.api(method, userUrl(name) + '/server').then(function (result) {
      delete state.busy[name];
      var active = document.activeElement;
      var activeRow = active && active.closest('tr[data-key]');
      var keepFocus = activeRow && activeRow.getAttribute('data-key') === name && active.getAttribute('data-action') === verb + '-server';
      if (!result.ok) {
        A.showError(Callisto.errorMessage(result, 'Could not ' + verb + ' the server of ' + name));
      } else if (verb === 'start') {
        A.showNoticeInPlace(result.status === 201 ? 'The server of ' + name + ' is running.' : 'The server of ' + name + ' is starting.');
      } else {
        A.showNoticeInPlace(result.status === 204 ? 'The server of ' + name + ' has stopped.' : 'The server of ' + name + ' is stopping.');
      }
      // the button that started the server now stops it (and the other way round): focus goes there
      var next = result.ok ? (verb === 'start' ? 'stop-server' : 'start-server') : verb + '-server';
      users.refresh(keepFocus ? { key: name, action: next } : undefined);
    });
  }

  function deleteUser(name, button) {
    if (window.confirm('Delete the user ' + name + '? Their servers are stopped first. This cannot be undone.')) {
      A.send('DELETE', userUrl(name), undefined, button, 'Could not delete ' + name, function () {
        A.showNoticeInPlace('Deleted ' + name + '.');
        users.refresh();
      });
    }
  }

  /* Ends every login session of the user (DELETE …/sessions): each browser is signed out, and their servers stop accepting it. */
  function endSessions(name, button) {
    if (window.confirm('Sign ' + name + ' out everywhere? Every browser they are signed in with is signed out.')) {
      A.send('DELETE', userUrl(name) + '/sessions', undefined, button, 'Could not sign ' + name + ' out', function (result) {
        var ended = result.data && typeof result.data.ended === 'number' ? result.data.ended : 0;
        A.showNoticeInPlace('Signed ' + name + ' out of ' + ended + (ended === 1 ? ' session.' : ' sessions.'));
      });
    }
  }

  table.querySelector('tbody').addEventListener('click', function (event) {
    var button = event.target.closest('button[data-action]');
    var tr = button && button.closest('tr[data-key]');
    if (!tr || button.disabled || button.getAttribute('aria-disabled') === 'true') {
      return;
    }
    var name = tr.getAttribute('data-key');
    var user = users.item(name);
    switch (button.getAttribute('data-action')) {
      case 'start-server':
        serverRequest(name, 'POST', 'start');
        break;
      case 'stop-server':
        serverRequest(name, 'DELETE', 'stop');
        break;
      case 'edit':
        if (user) {
          openEdit(user, button);
        }
        break;
      case 'delete':
        deleteUser(name, button);
        break;
      case 'end-sessions':
        endSessions(name, button);
        break;
      default:
    }
  });

  /* ---- the edit dialog ---- */

  var edit = A.parts('edit-user', ['dialog', 'form', 'title', 'error', 'name', 'admin', 'password']);
  var editing = null;

  function openEdit(user, opener) {
    editing = user;
    edit.title.textContent = 'Edit ' + user.name;
    edit.name.value = user.name;
    edit.admin.checked = !!user.admin;
    edit.password.value = '';
    A.openDialog(edit.dialog, opener, edit.name);
  }

  /* What changed in the dialog, as a PATCH body, and the same in words for the notice. */
  function editChanges() {
    var body = {};
    var words = [];
    var newName = edit.name.value.trim();
    if (newName.toLowerCase() !== editing.name) {
      body.name = newName;
      words.push('renamed to ' + newName.toLowerCase());
    }
    if (edit.admin.checked !== !!editing.admin) {
      body.admin = edit.admin.checked;
      words.push(edit.admin.checked ? 'now an administrator' : 'no longer an administrator');
    }
    if (edit.password.value !== '') {
      body.password = edit.password.value;
      words.push('password changed');
    }
    return { body: body, words: words };
  }

  edit.form.addEventListener('submit', function (event) {
    event.preventDefault();
    if (!edit.name.value.trim()) {
      Callisto.showAlert(edit.error, 'The username must not be empty.');
      edit.name.focus();
      return;
    }
    var changes = editChanges();
    if (!changes.words.length) {
      A.closeDialog(edit.dialog);
      return;
    }
    var self = editing.name === A.me;
    if (self && changes.body.admin === false
        && !window.confirm('Remove your own administrator rights? You will lose access to this page.')) {
      return;
    }
    var oldName = editing.name;
    A.submitDialog(edit.dialog, 'PATCH', userUrl(oldName), changes.body, 'Could not change ' + oldName, function (result) {
      if (self && (changes.body.name !== undefined || changes.body.admin !== undefined)) {
        window.location.reload(); // the header and this page's rights change with them
        return;
      }
      A.showNoticeInPlace('Saved changes to ' + oldName + ': ' + changes.words.join('; ') + '.');
      var newName = result.data && result.data.name ? result.data.name : oldName;
      users.refresh({ key: newName, action: 'edit' });
    });
  });

  /* ---- creating users ---- */

  var createForm = document.getElementById('create-users-form');
  var namesInput = document.getElementById('new-user-names');
  var passwordInput = document.getElementById('new-user-password');
  var passwordHint = document.getElementById('new-user-password-hint');
  var adminInput = document.getElementById('new-user-admin');
  var createButton = document.getElementById('create-users');

  /* A password goes with one new user only; with several names the field is off and says why. */
  function updateCreateForm() {
    var count = A.lines(namesInput.value).length;
    passwordInput.disabled = count > 1;
    passwordHint.textContent = count > 1
      ? 'Several users are created without a password; set one later with Edit.'
      : 'At least 8 characters. Only when creating one user.';
    createButton.textContent = count > 1 ? 'Create ' + count + ' users' : 'Create user';
  }

  namesInput.addEventListener('input', updateCreateForm);

  createForm.addEventListener('submit', function (event) {
    event.preventDefault();
    var names = A.lines(namesInput.value);
    if (!names.length) {
      A.showError('Enter at least one username, one per line.');
      namesInput.focus();
      return;
    }
    var one = names.length === 1;
    var body = one ? { admin: adminInput.checked } : { usernames: names, admin: adminInput.checked };
    if (one && passwordInput.value) {
      body.password = passwordInput.value;
    }
    A.send('POST', one ? userUrl(names[0]) : '/hub/api/users', body, createButton, 'Could not create the users', function (result) {
      var created = (one ? [result.data] : result.data || []).map(function (user) {
        return user.name;
      });
      var existing = names.filter(function (name) {
        return created.indexOf(name.toLowerCase()) < 0;
      });
      A.showNotice('Created ' + (created.length === 1 ? 'user ' : created.length + ' users: ') + created.join(', ') + '.'
        + (existing.length ? ' Already there: ' + existing.join(', ') + '.' : ''));
      createForm.reset();
      updateCreateForm();
      users.refresh();
    });
  });

  /* ---- search and sort ---- */

  var searchTimer = null;
  search.addEventListener('input', function () {
    window.clearTimeout(searchTimer);
    searchTimer = window.setTimeout(function () {
      var filter = search.value.trim();
      if (filter !== state.filter) {
        state.filter = filter;
        users.offset = 0;
        users.refresh();
      }
    }, SEARCH_DELAY_MILLIS);
  });

  function setSort(sort) {
    state.sort = sort;
    users.offset = 0;
    sortSelect.value = sort;
    Array.prototype.forEach.call(table.querySelectorAll('th[data-sort-key]'), function (th) {
      var key = th.getAttribute('data-sort-key');
      if (sort === key) {
        th.setAttribute('aria-sort', 'ascending');
      } else if (sort === '-' + key) {
        th.setAttribute('aria-sort', 'descending');
      } else {
        th.removeAttribute('aria-sort');
      }
    });
    users.refresh();
  }

  sortSelect.addEventListener('change', function () {
    setSort(sortSelect.value);
  });

  /* A column header sorts by its column; again reverses. Activity starts with the most recent. */
  table.querySelector('thead').addEventListener('click', function (event) {
    var button = event.target.closest('button[data-sort]');
    if (!button) {
      return;
    }
    var key = button.getAttribute('data-sort');
    if (state.sort === key) {
      setSort('-' + key);
    } else if (state.sort === '-' + key) {
      setSort(key);
    } else {
      setSort(key === 'last_activity' ? '-last_activity' : key);
    }
  });

  A.onTab(function (tabId) {
    state.visible = tabId === 'users-tab';
    if (state.visible) {
      users.refresh();
    } else {
      window.clearTimeout(pollTimer);
    }
  });
  updateCreateForm();
})();
