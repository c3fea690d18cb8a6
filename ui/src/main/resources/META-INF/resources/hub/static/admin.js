/*
 * The admin console's frame: tabs, alerts, dialogs, requests and the small DOM and time helpers
 * that admin-table.js, admin-users.js and admin-groups.js share through window.CallistoAdmin.
 * Loaded before them (defer keeps the order).
 *
 * Everything the console shows comes from the REST API (Callisto.api: login cookie, X-XSRFToken).
 * Data only ever reaches the page as text (textContent, attributes), never as markup.
 */
(function () {
  'use strict';

  var root = document.getElementById('admin');
  if (!root) {
    return;
  }

  var errorBox = document.getElementById('admin-error');
  var noticeBox = document.getElementById('admin-notice');

  function showError(message) {
    Callisto.showAlert(noticeBox, '');
    Callisto.showAlert(errorBox, message);
  }

  function showNotice(message) {
    Callisto.showAlert(errorBox, '');
    Callisto.showAlert(noticeBox, message);
  }

  /*
   * The notice for a change made in a table row: the row shows the change where the person is
   * looking, so the page is not scrolled up to the notice (role=status still announces it).
   */
  function showNoticeInPlace(message) {
    Callisto.showAlert(errorBox, '');
    noticeBox.textContent = message;
    noticeBox.hidden = false;
  }

  function clearAlerts() {
    Callisto.showAlert(errorBox, '');
    Callisto.showAlert(noticeBox, '');
  }

  /*
   * el('span', {className: 'badge', text: name, attrs: {title: iso}}, [children]): an element whose
   * text and attributes are set as text, so data can never become markup.
   */
  function el(tag, props, children) {
    var element = document.createElement(tag);
    props = props || {};
    if (props.className) {
      element.className = props.className;
    }
    if (props.text !== undefined && props.text !== null) {
      element.textContent = String(props.text);
    }
    Object.keys(props.attrs || {}).forEach(function (name) {
      var value = props.attrs[name];
      if (value !== undefined && value !== null && value !== false) {
        element.setAttribute(name, value === true ? '' : String(value));
      }
    });
    (children || []).forEach(function (child) {
      if (child) {
        element.appendChild(typeof child === 'string' ? document.createTextNode(child) : child);
      }
    });
    return element;
  }

  function button(label, className, action, extraAttrs) {
    var attrs = { type: 'button', 'data-action': action };
    Object.keys(extraAttrs || {}).forEach(function (name) {
      attrs[name] = extraAttrs[name];
    });
    return el('button', { className: 'btn btn-small ' + className, text: label, attrs: attrs });
  }

  /* The elements #prefix-name for each of names, by name: parts('edit-user', ['form']).form is #edit-user-form. */
  function parts(prefix, names) {
    var found = {};
    names.forEach(function (name) {
      found[name] = document.getElementById(prefix + '-' + name);
    });
    return found;
  }

  /* The non-empty, trimmed lines of a textarea, without repeats. */
  function lines(text) {
    var seen = {};
    return text.split(/\r?\n/).map(function (line) {
      return line.trim();
    }).filter(function (line) {
      if (!line || seen[line]) {
        return false;
      }
      seen[line] = true;
      return true;
    });
  }

  var UNITS = [
    ['year', 365 * 24 * 3600], ['month', 30 * 24 * 3600], ['week', 7 * 24 * 3600],
    ['day', 24 * 3600], ['hour', 3600], ['minute', 60]
  ];
  var relativeFormat = window.Intl && Intl.RelativeTimeFormat ? new Intl.RelativeTimeFormat('en', { numeric: 'auto' }) : null;

  /* "5 minutes ago" for an ISO timestamp; "just now" under a minute; the input itself if it is no date. */
  function relativeTime(iso, now) {
    var date = new Date(iso);
    if (isNaN(date.getTime())) {
      return String(iso);
    }
    var seconds = Math.round(((now || Date.now()) - date.getTime()) / 1000);
    var future = seconds < 0;
    var abs = Math.abs(seconds);
    for (var i = 0; i < UNITS.length; i++) {
      if (abs >= UNITS[i][1]) {
        var count = Math.floor(abs / UNITS[i][1]);
        if (relativeFormat) {
          return relativeFormat.format(future ? count : -count, UNITS[i][0]);
        }
        var phrase = count + ' ' + UNITS[i][0] + (count === 1 ? '' : 's');
        return future ? 'in ' + phrase : phrase + ' ago';
      }
    }
    return 'just now';
  }

  /* A <time> showing relativeTime, with the exact timestamp as its title; "Never" for null. */
  function timeElement(iso) {
    if (!iso) {
      return el('span', { className: 'muted', text: 'Never' });
    }
    return el('time', { text: relativeTime(iso), attrs: { datetime: iso, title: iso } });
  }

  /* Opens a modal dialog; when it closes, focus goes back to opener (if it is still in the page). */
  function openDialog(dialog, opener, focusTarget) {
    dialog._opener = opener || null;
    var error = dialog.querySelector('.alert-error');
    if (error) {
      Callisto.showAlert(error, '');
    }
    if (typeof dialog.showModal === 'function') {
      dialog.showModal();
    } else {
      dialog.setAttribute('open', '');
    }
    if (focusTarget) {
      focusTarget.focus();
    }
  }

  function closeDialog(dialog) {
    if (typeof dialog.close === 'function') {
      dialog.close();
    } else {
      dialog.removeAttribute('open');
      dialog.dispatchEvent(new Event('close'));
    }
  }

  /* Sends a request with button busy meanwhile; fail(message) hears of a failure, done(result) of success. */
  function request(method, url, body, button, what, fail, done) {
    Callisto.setBusy(button, true);
    return Callisto.api(method, url, body).then(function (result) {
      Callisto.setBusy(button, false);
      if (result.ok) {
        done(result);
      } else {
        fail(Callisto.errorMessage(result, what));
      }
    });
  }

  /* A request made from a row's button or a form on the page: a failure goes to the page's alert. */
  function send(method, url, body, button, what, done) {
    clearAlerts();
    return request(method, url, body, button, what, showError, done);
  }

  /*
   * A dialog's request, made with its submit button: a failure is shown in the dialog's own alert and
   * the dialog stays open; on success the dialog closes, then done(result) runs.
   */
  function submitDialog(dialog, method, url, body, what, done) {
    var error = dialog.querySelector('.alert-error');
    Callisto.showAlert(error, '');
    return request(method, url, body, dialog.querySelector('button[type="submit"]'), what, function (message) {
      Callisto.showAlert(error, message);
    }, function (result) {
      closeDialog(dialog);
      done(result);
    });
  }

  Array.prototype.forEach.call(root.querySelectorAll('dialog'), function (dialog) {
    dialog.addEventListener('click', function (event) {
      if (event.target.closest('[data-close]')) {
        closeDialog(dialog);
      }
    });
    dialog.addEventListener('close', function () {
      var opener = dialog._opener;
      dialog._opener = null;
      if (opener && opener.isConnected) {
        opener.focus();
      }
    });
  });

  /* ---- tabs ---- */
  var tabs = Array.prototype.slice.call(root.querySelectorAll('[role="tab"]'));
  var tabListeners = [];

  function selectTab(tab, focus) {
    tabs.forEach(function (other) {
      var selected = other === tab;
      other.setAttribute('aria-selected', selected ? 'true' : 'false');
      other.tabIndex = selected ? 0 : -1;
      document.getElementById(other.getAttribute('aria-controls')).hidden = !selected;
    });
    if (focus) {
      tab.focus();
    }
    var hash = tab.id === 'users-tab' ? '' : '#' + tab.id.replace(/-tab$/, '');
    if (window.location.hash !== hash && window.history && history.replaceState) {
      history.replaceState(null, '', window.location.pathname + window.location.search + hash);
    }
    tabListeners.forEach(function (listener) {
      listener(tab.id);
    });
  }

  tabs.forEach(function (tab, index) {
    tab.addEventListener('click', function () {
      selectTab(tab, false);
    });
    tab.addEventListener('keydown', function (event) {
      var target = null;
      if (event.key === 'ArrowRight') {
        target = tabs[(index + 1) % tabs.length];
      } else if (event.key === 'ArrowLeft') {
        target = tabs[(index - 1 + tabs.length) % tabs.length];
      } else if (event.key === 'Home') {
        target = tabs[0];
      } else if (event.key === 'End') {
        target = tabs[tabs.length - 1];
      }
      if (target) {
        event.preventDefault();
        selectTab(target, true);
      }
    });
  });

  window.CallistoAdmin = {
    root: root,
    me: root.getAttribute('data-user'),
    showError: showError,
    showNotice: showNotice,
    showNoticeInPlace: showNoticeInPlace,
    clearAlerts: clearAlerts,
    el: el,
    button: button,
    parts: parts,
    lines: lines,
    relativeTime: relativeTime,
    timeElement: timeElement,
    openDialog: openDialog,
    closeDialog: closeDialog,
    send: send,
    submitDialog: submitDialog,
    /* listener(tabId) runs whenever a tab is shown, and once at start for the tab shown first. */
    onTab: function (listener) {
      tabListeners.push(listener);
    }
  };

  /* Deferred scripts all run before DOMContentLoaded: by then the tabs' modules listen. */
  document.addEventListener('DOMContentLoaded', function () {
    var wanted = document.getElementById(window.location.hash.replace(/^#/, '') + '-tab');
    selectTab(wanted && tabs.indexOf(wanted) >= 0 ? wanted : tabs[0], false);
  });
})();
