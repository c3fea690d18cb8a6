/*
 * The admin console's paged tables: CallistoAdmin.pagedTable fills #{prefix}-table from one of the
 * API's paginated collections ({items, _pagination: {total, limit, offset, next}}, asked for with
 * Accept: application/jupyterhub-pagination+json), fifty rows at a time, with Previous / Next
 * (#{prefix}-prev, #{prefix}-next) and a "1–50 of 63 users" line (#{prefix}-range).
 */
(function () {
  'use strict';

  var A = window.CallistoAdmin;
  if (!A) {
    return;
  }

  var PAGINATION = 'application/jupyterhub-pagination+json';
  var LIMIT = 50;

  /*
   * Fetches one page. Answers that arrive after a newer request of the same loader resolve to null,
   * so that typing fast in a search box never shows an older result last.
   */
  function pagedLoader(baseUrl) {
    var sequence = 0;
    return function (params) {
      var query = Object.keys(params).filter(function (key) {
        return params[key] !== '' && params[key] !== null && params[key] !== undefined;
      }).map(function (key) {
        return encodeURIComponent(key) + '=' + encodeURIComponent(params[key]);
      }).join('&');
      var mine = ++sequence;
      return Callisto.api('GET', baseUrl + (query ? '?' + query : ''), undefined, PAGINATION).then(function (result) {
        return mine === sequence ? result : null;
      });
    };
  }

  /* "1–50 of 63 users", "1 of 1 user", "No users"; nouns is [one, many]. */
  function rangeText(offset, count, total, nouns) {
    var noun = total === 1 ? nouns[0] : nouns[1];
    if (count === 0) {
      return 'No ' + nouns[1];
    }
    if (count === 1) {
      return (offset + 1) + ' of ' + total + ' ' + noun;
    }
    return (offset + 1) + '\u2013' + (offset + count) + ' of ' + total + ' ' + noun;
  }

  function findControl(tbody, key, action) {
    var rows = tbody.querySelectorAll('tr[data-key]');
    for (var i = 0; i < rows.length; i++) {
      if (rows[i].getAttribute('data-key') === key) {
        return rows[i].querySelector('[data-action="' + action + '"]');
      }
    }
    return null;
  }

  /*
   * Replaces a table body's rows, keeping keyboard focus on the same control of the same row
   * (rows carry data-key, controls data-action) so that a refresh never throws focus away.
   * wanted ({key, action}, optional) names the control to focus instead, e.g. after a rename.
   */
  function replaceRows(tbody, rows, wanted) {
    var active = document.activeElement;
    var focusKey = wanted ? wanted.key : null;
    var focusAction = wanted ? wanted.action : null;
    if (!wanted && active && tbody.contains(active)) {
      var row = active.closest('tr[data-key]');
      focusKey = row ? row.getAttribute('data-key') : null;
      focusAction = active.getAttribute('data-action');
    }
    while (tbody.firstChild) {
      tbody.removeChild(tbody.firstChild);
    }
    rows.forEach(function (row) {
      tbody.appendChild(row);
    });
    if (focusKey !== null && focusAction) {
      var again = findControl(tbody, focusKey, focusAction);
      if (again) {
        again.focus();
      }
    }
  }

  /*
   * options: url (the collection), prefix (of the element ids), nouns ([one, many]),
   * row(item) -> <tr data-key>, emptyMessage() -> text for an empty page, params() -> extra query
   * parameters (optional), loaded(items) after each page is shown (optional).
   * The answer: {offset, items, refresh(focus), render(focus), item(name)}. Set offset, then refresh.
   */
  function pagedTable(options) {
    var table = document.getElementById(options.prefix + '-table');
    var tbody = table.querySelector('tbody');
    var columns = table.querySelectorAll('thead th').length;
    var prev = document.getElementById(options.prefix + '-prev');
    var next = document.getElementById(options.prefix + '-next');
    var range = document.getElementById(options.prefix + '-range');
    var fetchPage = pagedLoader(options.url);
    var view = { offset: 0, items: [] };

    view.render = function (focus) {
      var rows = view.items.map(options.row);
      if (!rows.length) {
        rows = [A.el('tr', { className: 'empty-row' }, [A.el('td', { text: options.emptyMessage(), attrs: { colspan: columns } })])];
      }
      replaceRows(tbody, rows, focus);
    };

    view.refresh = function (focus) {
      var params = options.params ? options.params() : {};
      params.offset = view.offset;
      params.limit = LIMIT;
      table.setAttribute('aria-busy', 'true');
      return fetchPage(params).then(function (result) {
        if (!result) {
          return; // a newer request is under way
        }
        table.setAttribute('aria-busy', 'false');
        if (!result.ok) {
          A.showError(Callisto.errorMessage(result, 'Could not load the ' + options.nouns[1]));
          return;
        }
        var items = (result.data && result.data.items) || [];
        var pagination = (result.data && result.data._pagination) || { offset: view.offset, total: items.length, next: null };
        if (!items.length && view.offset > 0 && pagination.total > 0) {
          view.offset = Math.floor((pagination.total - 1) / LIMIT) * LIMIT; // the page emptied: show the last one
          return view.refresh(focus);
        }
        view.items = items;
        view.render(focus);
        prev.disabled = pagination.offset === 0;
        next.disabled = !pagination.next;
        range.textContent = rangeText(pagination.offset, items.length, pagination.total, options.nouns);
        if (options.loaded) {
          options.loaded(items);
        }
      });
    };

    view.item = function (name) {
      return view.items.filter(function (item) {
        return item.name === name;
      })[0];
    };

    prev.addEventListener('click', function () {
      view.offset = Math.max(0, view.offset - LIMIT);
      view.refresh();
    });
    next.addEventListener('click', function () {
      view.offset += LIMIT;
      view.refresh();
    });
    return view;
  }

  A.pagedTable = pagedTable;
})();
