/*
 * The sessions page: end one login session (DELETE /hub/api/users/{name}/sessions/{id}) or all others
 * (DELETE …/sessions?keep_current=true). Ending this browser's own session is signing out: the page
 * goes to /hub/logout, which also logs out of the identity provider. Times are shown in local time.
 */
(function () {
  'use strict';

  var root = document.getElementById('sessions-page');
  if (!root) {
    return;
  }
  var url = '/hub/api/users/' + encodeURIComponent(root.getAttribute('data-user')) + '/sessions';
  var errorBox = document.getElementById('sessions-error');
  var endOthers = document.getElementById('end-others');

  document.querySelectorAll('#sessions time').forEach(function (element) {
    element.textContent = Callisto.formatDate(element.getAttribute('datetime'));
  });

  function others() {
    return document.querySelectorAll('#sessions tbody tr[data-id]:not(.row-current)');
  }

  document.querySelector('#sessions tbody').addEventListener('click', function (event) {
    var button = event.target.closest('button[data-action="end"]');
    if (!button) {
      return;
    }
    var row = button.closest('tr');
    if (row.classList.contains('row-current')) {
      window.location.href = '/hub/logout';
      return;
    }
    Callisto.setBusy(button, true);
    Callisto.api('DELETE', url + '/' + encodeURIComponent(row.getAttribute('data-id'))).then(function (result) {
      Callisto.setBusy(button, false);
      if (!result.ok && result.status !== 404) {
        Callisto.showAlert(errorBox, Callisto.errorMessage(result, 'Could not end the session'));
        return;
      }
      Callisto.showAlert(errorBox, '');
      row.remove();
      endOthers.disabled = others().length === 0;
    });
  });

  endOthers.addEventListener('click', function () {
    Callisto.setBusy(endOthers, true);
    Callisto.api('DELETE', url + '?keep_current=true').then(function (result) {
      Callisto.setBusy(endOthers, false);
      if (!result.ok) {
        Callisto.showAlert(errorBox, Callisto.errorMessage(result, 'Could not end the other sessions'));
        return;
      }
      Callisto.showAlert(errorBox, '');
      others().forEach(function (row) {
        row.remove();
      });
      endOthers.disabled = true;
    });
  });
})();
