/*
 * Helpers shared by the hub's pages (home.js, admin.js, token.js). Loaded on every page by base.html.
 *
 * Callisto.api(method, url, body, accept) sends a same-origin request with the page's XSRF token
 * (from <meta name="xsrf-token">) and Content-Type: application/json, and resolves to
 * {ok, status, data}: data is the parsed JSON answer, or null. accept is the Accept header
 * (default application/json; the API's pagination envelope is application/jupyterhub-pagination+json).
 * It never rejects: a network failure resolves to {ok: false, status: 0, data: {message}}.
 * Callisto.errorMessage(result, what) turns a failed result into a sentence for an alert box;
 * the hub's errors are JSON {status, message}. Callisto.formatDate(iso) shows a timestamp in local time.
 */
(function () {
  'use strict';

  function xsrfToken() {
    var meta = document.querySelector('meta[name="xsrf-token"]');
    return meta ? meta.getAttribute('content') : '';
  }

  function readJson(response) {
    return response.text().then(function (text) {
      if (!text) {
        return null;
      }
      try {
        return JSON.parse(text);
      } catch (e) {
        return null;
      }
    });
  }

  function api(method, url, body, accept) {
    var init = {
      method: method,
      credentials: 'same-origin',
      headers: {
        'X-XSRFToken': xsrfToken(),
        'Content-Type': 'application/json',
        'Accept': accept || 'application/json'
      }
    };
    if (body !== undefined) {
      init.body = JSON.stringify(body);
    }
    return fetch(url, init).then(function (response) {
      return readJson(response).then(function (data) {
        return { ok: response.ok, status: response.status, data: data };
      });
    }, function () {
      return {
        ok: false,
        status: 0,
        data: { message: 'Could not reach the hub. Check your connection and try again.' }
      };
    });
  }

  function errorMessage(result, what) {
    var message = result.data && typeof result.data.message === 'string' ? result.data.message : '';
    if (message) {
      return message;
    }
    return (what || 'The request failed') + ' (HTTP ' + result.status + ').';
  }

  /* Shows message in an alert element (or hides it when message is empty) and brings it into view. */
  function showAlert(element, message) {
    if (!element) {
      return;
    }
    element.textContent = message || '';
    element.hidden = !message;
    if (message && element.scrollIntoView) {
      element.scrollIntoView({ block: 'nearest', behavior: 'smooth' });
    }
  }

  /* Disables a button while a request is in flight and marks it busy for assistive technology. */
  function setBusy(button, busy) {
    if (!button) {
      return;
    }
    button.disabled = busy;
    if (busy) {
      button.setAttribute('aria-busy', 'true');
    } else {
      button.removeAttribute('aria-busy');
    }
  }

  function pad(n) {
    return n < 10 ? '0' + n : String(n);
  }

  /* ISO timestamps from the API, shown like the hub's own: 2025-03-12 10:00 (local time). */
  function formatDate(value) {
    var date = new Date(value);
    if (isNaN(date.getTime())) {
      return String(value);
    }
    return date.getFullYear() + '-' + pad(date.getMonth() + 1) + '-' + pad(date.getDate()) + ' ' +
      pad(date.getHours()) + ':' + pad(date.getMinutes());
  }

  window.Callisto = {
    formatDate: formatDate,
    xsrfToken: xsrfToken,
    readJson: readJson,
    api: api,
    errorMessage: errorMessage,
    showAlert: showAlert,
    setBusy: setBusy
  };
})();
