/*
 * The home page: start, stop and open the user's server, and follow start-up progress.
 *
 * Reads from #home: data-status (stopped | pending | running | stopping | failed), data-url (where the
 * running server lives), data-progress-url (the progress event stream), data-api-url (the server's
 * REST resource).
 *
 * Start: POST api-url, with the spawn form's options as JSON when there is a form. 201 means the server is already up: go to it. 202 means it is starting:
 * follow the progress stream, whose events are JSON {progress, message, ready?, failed?, url?}.
 * Stop: DELETE api-url; 202 or 204 means stopped. Other answers carry JSON {status, message}.
 */
(function () {
  'use strict';

  var root = document.getElementById('home');
  if (!root) {
    return;
  }

  var server = {
    status: root.getAttribute('data-status') || 'stopped',
    url: root.getAttribute('data-url'),
    progressUrl: root.getAttribute('data-progress-url'),
    apiUrl: root.getAttribute('data-api-url')
  };

  var LABELS = {
    stopped: 'Stopped',
    pending: 'Starting',
    running: 'Running',
    stopping: 'Stopping',
    failed: 'Failed'
  };
  var SENTENCES = {
    stopped: 'Your server is not running.',
    pending: 'Your server is starting\u2026',
    running: 'Your server is running.',
    stopping: 'Your server is stopping\u2026',
    failed: 'Your server is not running: the last start failed.'
  };
  var MAX_RECONNECTS = 8;

  var el = {
    badge: document.getElementById('status-badge'),
    text: document.getElementById('status-text'),
    start: document.getElementById('start'),
    stop: document.getElementById('stop'),
    open: document.getElementById('open'),
    error: document.getElementById('server-error'),
    errorTitle: document.getElementById('server-error-title'),
    errorText: document.getElementById('server-error-text'),
    progress: document.getElementById('progress'),
    bar: document.getElementById('progress-bar'),
    fill: document.querySelector('#progress-bar .progress-fill'),
    message: document.getElementById('progress-message'),
    log: document.getElementById('progress-log')
  };

  var source = null;       // the open EventSource, if any
  var streamDone = false;  // a ready or failed event arrived: errors from the stream no longer matter
  var reconnects = 0;
  var reconnectTimer = null;
  var inFlight = false;

  function xsrfHeaders() {
    return { 'X-XSRFToken': window.Callisto ? window.Callisto.xsrfToken() : '' };
  }

  function setStatus(status) {
    server.status = status;
    root.setAttribute('data-status', status);
    el.badge.className = 'badge badge-' + status;
    el.badge.textContent = LABELS[status] || status;
    el.text.textContent = SENTENCES[status] || '';
    updateButtons();
  }

  function updateButtons() {
    var status = server.status;
    el.start.hidden = !(status === 'stopped' || status === 'failed');
    var spawnOptions = document.getElementById('spawn-options');
    if (spawnOptions) {
      spawnOptions.hidden = el.start.hidden;
    }
    el.stop.hidden = !(status === 'running' || status === 'pending');
    el.open.hidden = status !== 'running';
    el.start.disabled = inFlight;
    el.stop.disabled = inFlight;
  }

  function setInFlight(busy, button) {
    inFlight = busy;
    [el.start, el.stop].forEach(function (b) {
      b.removeAttribute('aria-busy');
    });
    if (busy && button) {
      button.setAttribute('aria-busy', 'true');
    }
    updateButtons();
  }

  function showError(title, message) {
    el.errorTitle.textContent = title;
    el.errorText.textContent = message;
    el.error.hidden = false;
  }

  function clearError() {
    el.error.hidden = true;
    el.errorText.textContent = '';
  }

  function setProgress(value) {
    var pct = Math.max(0, Math.min(100, Math.round(value)));
    el.fill.style.width = pct + '%';
    el.bar.setAttribute('aria-valuenow', String(pct));
  }

  function setMessage(text, warning) {
    el.message.textContent = text;
    el.message.classList.toggle('is-warning', !!warning);
  }

  function appendLog(text, failed) {
    var item = document.createElement('li');
    var time = document.createElement('time');
    var now = new Date();
    time.dateTime = now.toISOString();
    time.textContent = now.toLocaleTimeString([], { hour: '2-digit', minute: '2-digit', second: '2-digit' });
    var span = document.createElement('span');
    span.textContent = text;
    if (failed) {
      item.className = 'is-failed';
    }
    item.appendChild(time);
    item.appendChild(span);
    var atBottom = el.log.scrollHeight - el.log.scrollTop - el.log.clientHeight < 24;
    el.log.appendChild(item);
    if (atBottom) {
      el.log.scrollTop = el.log.scrollHeight;
    }
  }

  function resetProgress() {
    el.bar.classList.remove('is-done', 'is-failed');
    setProgress(0);
    setMessage('Waiting for your server to start\u2026');
    while (el.log.firstChild) {
      el.log.removeChild(el.log.firstChild);
    }
    el.progress.hidden = false;
  }

  function closeStream() {
    if (reconnectTimer) {
      clearTimeout(reconnectTimer);
      reconnectTimer = null;
    }
    if (source) {
      source.close();
      source = null;
    }
  }

  function goToServer(url) {
    window.location.href = url || server.url;
  }

  function onEvent(event) {
    if (typeof event.progress === 'number') {
      setProgress(event.progress);
    }
    if (event.message) {
      setMessage(event.message);
      appendLog(event.message, !!event.failed);
    }
    if (event.ready) {
      streamDone = true;
      closeStream();
      setProgress(100);
      el.bar.classList.add('is-done');
      setStatus('running');
      goToServer(event.url);
    } else if (event.failed) {
      streamDone = true;
      closeStream();
      el.bar.classList.add('is-failed');
      setMessage('The start failed.');
      setStatus('failed');
      showError('Your server could not start', event.message || 'The start failed.');
    }
  }

  function connect() {
    closeStream();
    streamDone = false;
    el.progress.hidden = false;
    source = new EventSource(server.progressUrl);
    source.onopen = function () {
      reconnects = 0;
      if (el.message.classList.contains('is-warning')) {
        setMessage('Connected. Waiting for the next step\u2026');
      }
    };
    source.onmessage = function (message) {
      var event;
      try {
        event = JSON.parse(message.data);
      } catch (e) {
        return;
      }
      if (event && typeof event === 'object') {
        onEvent(event);
      }
    };
    source.onerror = function () {
      if (streamDone || !source) {
        return;
      }
      setMessage('Lost contact with the hub, retrying\u2026', true);
      // The browser retries by itself while readyState is CONNECTING; once CLOSED it has given up.
      if (source.readyState === EventSource.CLOSED) {
        source = null;
        reconnects += 1;
        if (reconnects > MAX_RECONNECTS) {
          setMessage('Lost contact with the hub. Reload the page to see how your server is doing.', true);
          return;
        }
        var delay = Math.min(15000, 1000 * Math.pow(2, reconnects - 1));
        reconnectTimer = setTimeout(connect, delay);
      }
    };
  }

  function start() {
    if (inFlight) {
      return;
    }
    clearError();
    setInFlight(true, el.start);
    var request = { method: 'POST', headers: xsrfHeaders(), credentials: 'same-origin' };
    if (window.CallistoSpawnOptions) {
      // The profile and options chosen in the spawn form (spawn-options.js); the hub validates them.
      request.headers['Content-Type'] = 'application/json';
      request.body = JSON.stringify(window.CallistoSpawnOptions());
    }
    fetch(server.apiUrl + '?wait=0', request)
      .then(function (response) {
        if (response.status === 201) {
          setInFlight(false);
          setStatus('running');
          goToServer();
          return;
        }
        if (response.ok) {
          setInFlight(false);
          resetProgress();
          setStatus('pending');
          connect();
          return;
        }
        return window.Callisto.readJson(response).then(function (data) {
          setInFlight(false);
          showError('Could not start your server', messageOf(data, response.status));
        });
      }, function () {
        setInFlight(false);
        showError('Could not start your server', 'Could not reach the hub. Check your connection and try again.');
      });
  }

  function stop() {
    if (inFlight) {
      return;
    }
    clearError();
    setInFlight(true, el.stop);
    // A stop cancels a start in progress: its stream's last words no longer matter.
    var wasFollowing = source !== null || reconnectTimer !== null;
    streamDone = true;
    closeStream();
    fetch(server.apiUrl, { method: 'DELETE', headers: xsrfHeaders(), credentials: 'same-origin' })
      .then(function (response) {
        if (response.ok) {
          el.progress.hidden = true;
          setInFlight(false);
          setStatus('stopped');
          return;
        }
        return window.Callisto.readJson(response).then(function (data) {
          setInFlight(false);
          resumeFollowing(wasFollowing);
          showError('Could not stop your server', messageOf(data, response.status));
        });
      }, function () {
        setInFlight(false);
        resumeFollowing(wasFollowing);
        showError('Could not stop your server', 'Could not reach the hub. Check your connection and try again.');
      });
  }

  function resumeFollowing(wasFollowing) {
    if (wasFollowing && server.status === 'pending') {
      connect();
    }
  }

  function messageOf(data, status) {
    if (data && typeof data.message === 'string' && data.message) {
      return data.message;
    }
    return 'The hub answered with HTTP ' + status + '.';
  }

  /*
   * A page loaded while the server is stopping has nothing to offer until the stop ends: re-read this
   * page's own status every two seconds (for up to two minutes) and follow it.
   */
  function watchStopping(attempt) {
    if (server.status !== 'stopping') {
      return;
    }
    if (attempt > 60) {
      el.text.textContent = 'Your server is still stopping. Reload the page to check again.';
      return;
    }
    setTimeout(function () {
      fetch(window.location.href, { credentials: 'same-origin', headers: { 'Accept': 'text/html' } })
        .then(function (response) {
          return response.ok ? response.text() : '';
        })
        .then(function (html) {
          var doc = html ? new DOMParser().parseFromString(html, 'text/html') : null;
          var fresh = doc && doc.getElementById('home');
          var status = fresh && fresh.getAttribute('data-status');
          if (status && status !== 'stopping') {
            setStatus(status);
          } else {
            watchStopping(attempt + 1);
          }
        }, function () {
          watchStopping(attempt + 1);
        });
    }, 2000);
  }

  el.start.addEventListener('click', start);
  el.stop.addEventListener('click', stop);
  window.addEventListener('pagehide', closeStream);
  window.addEventListener('pageshow', function (event) {
    // Coming back through the back-forward cache: the stream was closed on the way out.
    if (event.persisted && server.status === 'pending' && !source) {
      connect();
    }
  });

  setStatus(server.status);
  if (server.status === 'pending') {
    connect();
  } else if (server.status === 'stopping') {
    watchStopping(0);
  }
})();
