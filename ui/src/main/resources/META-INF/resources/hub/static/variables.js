/*
 * The Stored variables page: deletes a variable with
 * DELETE /hub/api/users/{owner}/ipython/variables/{name} (what %store -d does in a kernel).
 */
(function () {
  'use strict';

  var root = document.getElementById('variables-page');
  if (!root) {
    return;
  }
  var base = '/hub/api/users/' + encodeURIComponent(root.getAttribute('data-owner')) + '/ipython/variables/';
  var errorBox = document.getElementById('variables-error');
  var tbody = document.querySelector('#variables tbody');

  tbody.addEventListener('click', function (event) {
    var button = event.target.closest('button[data-action="delete"]');
    var row = button && button.closest('tr[data-name]');
    if (!row || button.disabled) {
      return;
    }
    var name = row.getAttribute('data-name');
    if (!window.confirm('Delete the stored variable ' + name + '? Kernels will no longer restore it.')) {
      return;
    }
    Callisto.showAlert(errorBox, '');
    Callisto.setBusy(button, true);
    Callisto.api('DELETE', base + encodeURIComponent(name)).then(function (result) {
      if (!result.ok && result.status !== 404) {
        Callisto.setBusy(button, false);
        Callisto.showAlert(errorBox, Callisto.errorMessage(result, 'Could not delete ' + name));
        return;
      }
      row.remove();
      if (!tbody.querySelector('tr[data-name]')) {
        tbody.querySelector('.empty-row').hidden = false;
      }
    });
  });
})();
