/*
 * The admin console's Groups tab, on the REST API:
 *   list        GET /hub/api/groups?offset&limit (pagination envelope; {kind, name, users, properties, roles})
 *   create      POST /hub/api/groups/{name} with {users} when members are given
 *   delete      DELETE /hub/api/groups/{name}
 *   members     POST / DELETE /hub/api/groups/{name}/users {users: [...]}
 *   properties  PUT /hub/api/groups/{name}/properties with a JSON object, checked here before it is sent
 */
(function () {
  'use strict';

  var A = window.CallistoAdmin;
  if (!A || !A.pagedTable) {
    return;
  }
  var el = A.el;

  var table = document.getElementById('groups-table');
  var groups = A.pagedTable({
    url: '/hub/api/groups',
    prefix: 'groups',
    nouns: ['group', 'groups'],
    row: row,
    emptyMessage: function () {
      return 'No groups yet. Create one below.';
    }
  });

  function groupUrl(name) {
    return '/hub/api/groups/' + encodeURIComponent(name);
  }

  /* ---- rendering ---- */

  /* A group the identity provider keeps (managed_by "oidc"): its members change only at people's logins. */
  function row(group) {
    var name = group.name;
    var managed = !!group.managed_by;
    var buttons = managed ? [A.button('Properties', 'btn-secondary', 'edit-properties')] : [
      A.button('Add members', 'btn-secondary', 'add-members'),
      A.button('Properties', 'btn-secondary', 'edit-properties'),
      A.button('Delete', 'btn-danger', 'delete')
    ];
    buttons.forEach(function (button) {
      button.appendChild(el('span', { className: 'visually-hidden', text: ' of ' + name }));
    });
    return el('tr', { attrs: { 'data-key': name, 'data-name': name } }, [
      el('th', { className: 'cell-user', attrs: { scope: 'row', 'data-label': 'Group' } }, [
        el('span', { className: 'group-name', text: name }),
        managed ? el('span', { className: 'badge badge-small badge-admin badge-managed', text: 'From university login',
          attrs: { title: 'Kept in step with the identity provider at each login; members cannot be edited here.' } }) : null
      ].filter(Boolean)),
      el('td', { className: 'cell-members', attrs: { 'data-label': 'Members' } }, [members(name, group.users || [], managed)]),
      el('td', { className: 'cell-properties', attrs: { 'data-label': 'Properties' } }, [properties(group.properties || {})]),
      el('td', { className: 'cell-actions', attrs: { 'data-label': 'Actions' } }, [el('div', { className: 'row-actions' }, buttons)])
    ]);
  }

  function members(group, users, managed) {
    if (!users.length) {
      return el('span', { className: 'muted', text: 'No members' });
    }
    return el('ul', { className: 'chips', attrs: { 'aria-label': 'Members of ' + group } }, users.map(function (user) {
      if (managed) {
        return el('li', { className: 'chip', attrs: { 'data-member': user } }, [el('span', { text: user })]);
      }
      return el('li', { className: 'chip chip-removable', attrs: { 'data-member': user } }, [
        el('span', { text: user }),
        el('button', {
          className: 'chip-remove', text: '\u00d7',
          attrs: { type: 'button', 'data-action': 'remove-member', 'aria-label': 'Remove ' + user + ' from ' + group, title: 'Remove ' + user }
        })
      ]);
    }));
  }

  function properties(value) {
    if (!Object.keys(value).length) {
      return el('span', { className: 'muted', text: 'None' });
    }
    var text = JSON.stringify(value);
    return el('code', { className: 'props-preview', text: text, attrs: { title: JSON.stringify(value, null, 2) } });
  }

  /* ---- row actions ---- */

  table.querySelector('tbody').addEventListener('click', function (event) {
    var button = event.target.closest('button[data-action]');
    var tr = button && button.closest('tr[data-key]');
    if (!tr || button.disabled) {
      return;
    }
    var name = tr.getAttribute('data-key');
    var group = groups.item(name);
    switch (button.getAttribute('data-action')) {
      case 'remove-member':
        var member = button.closest('[data-member]').getAttribute('data-member');
        A.send('DELETE', groupUrl(name) + '/users', { users: [member] }, button, 'Could not remove ' + member + ' from ' + name,
          function () {
            A.showNoticeInPlace('Removed ' + member + ' from ' + name + '.');
            groups.refresh();
          });
        break;
      case 'add-members':
        openMembers(name, button);
        break;
      case 'edit-properties':
        if (group) {
          openProperties(group, button);
        }
        break;
      case 'delete':
        if (window.confirm('Delete the group ' + name + '? Its members keep their accounts.')) {
          A.send('DELETE', groupUrl(name), undefined, button, 'Could not delete the group ' + name, function () {
            A.showNoticeInPlace('Deleted the group ' + name + '.');
            groups.refresh();
          });
        }
        break;
      default:
    }
  });

  /* ---- adding members ---- */

  var adding = A.parts('group-members', ['dialog', 'form', 'title', 'error', 'names']);
  var membersGroup = null;

  function openMembers(name, opener) {
    membersGroup = name;
    adding.title.textContent = 'Add members to ' + name;
    adding.names.value = '';
    A.openDialog(adding.dialog, opener, adding.names);
  }

  adding.form.addEventListener('submit', function (event) {
    event.preventDefault();
    var names = A.lines(adding.names.value);
    if (!names.length) {
      Callisto.showAlert(adding.error, 'Enter at least one username, one per line.');
      adding.names.focus();
      return;
    }
    var group = membersGroup;
    A.submitDialog(adding.dialog, 'POST', groupUrl(group) + '/users', { users: names }, 'Could not add members to ' + group, function () {
      A.showNoticeInPlace('Added ' + names.join(', ') + ' to ' + group + '.');
      groups.refresh({ key: group, action: 'add-members' });
    });
  });

  /* ---- properties ---- */

  var props = A.parts('group-properties', ['dialog', 'form', 'title', 'error', 'json', 'status']);
  var propertiesGroup = null;

  /* {value} for a JSON object (empty text is {}), else {error} saying what is wrong and where. */
  function parseProperties(text) {
    if (!text.trim()) {
      return { value: {} };
    }
    var value;
    try {
      value = JSON.parse(text);
    } catch (e) {
      return { error: 'Not valid JSON: ' + e.message };
    }
    if (value === null || typeof value !== 'object' || Array.isArray(value)) {
      return { error: 'Properties must be a JSON object, such as {"course": "stats101"}.' };
    }
    return { value: value };
  }

  function checkProperties() {
    var parsed = parseProperties(props.json.value);
    Callisto.showAlert(props.error, '');
    props.json.setAttribute('aria-invalid', parsed.error ? 'true' : 'false');
    props.status.textContent = parsed.error || 'Valid JSON object.';
    props.status.classList.toggle('is-invalid', !!parsed.error);
    return parsed;
  }

  function openProperties(group, opener) {
    propertiesGroup = group.name;
    props.title.textContent = 'Properties of ' + group.name;
    props.json.value = JSON.stringify(group.properties || {}, null, 2);
    checkProperties();
    A.openDialog(props.dialog, opener, props.json);
  }

  props.json.addEventListener('input', checkProperties);

  props.form.addEventListener('submit', function (event) {
    event.preventDefault();
    var parsed = checkProperties();
    if (parsed.error) {
      props.status.textContent = ''; // said once, in the alert
      Callisto.showAlert(props.error, parsed.error);
      props.json.focus();
      return;
    }
    var group = propertiesGroup;
    A.submitDialog(props.dialog, 'PUT', groupUrl(group) + '/properties', parsed.value, 'Could not save the properties of ' + group,
      function () {
        A.showNoticeInPlace('Saved the properties of ' + group + '.');
        groups.refresh({ key: group, action: 'edit-properties' });
      });
  });

  /* ---- creating a group ---- */

  var createForm = document.getElementById('create-group-form');
  var nameInput = document.getElementById('new-group-name');
  var createMembers = document.getElementById('new-group-members');
  var createButton = document.getElementById('create-group');

  createForm.addEventListener('submit', function (event) {
    event.preventDefault();
    var name = nameInput.value.trim();
    if (!name) {
      A.showError('Enter a name for the new group.');
      nameInput.focus();
      return;
    }
    var users = A.lines(createMembers.value);
    A.send('POST', groupUrl(name), users.length ? { users: users } : undefined, createButton, 'Could not create the group ' + name,
      function () {
        A.showNotice('Created the group ' + name + (users.length ? ' with ' + users.join(', ') : '') + '.');
        createForm.reset();
        groups.refresh();
      });
  });

  A.onTab(function (tabId) {
    if (tabId === 'groups-tab') {
      groups.refresh();
    }
  });
})();
