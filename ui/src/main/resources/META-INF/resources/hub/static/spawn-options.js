/*
 * The spawn form (template spawn-options.html): shows the options of the chosen profile, and a text
 * field when an option's "Other…" is chosen. home.js asks window.CallistoSpawnOptions() for the user
 * options to send with Start, in the form the REST API takes:
 *   {"profile": "<slug>", "<option>": "<choice slug>", "<option>--unlisted-choice": "<typed value>"}
 */
(function () {
  'use strict';

  var form = document.getElementById('spawn-options');
  if (!form) {
    return;
  }

  function chosenProfile() {
    var checked = form.querySelector('input[name="profile"]:checked');
    return checked ? checked.value : null;
  }

  function optionsOf(slug) {
    var boxes = form.querySelectorAll('[data-options-of]');
    for (var i = 0; i < boxes.length; i++) {
      if (boxes[i].getAttribute('data-options-of') === slug) {
        return boxes[i];
      }
    }
    return null;
  }

  function freeTextOf(select) {
    return select.parentNode.querySelector('[data-free-text]');
  }

  function sync() {
    var slug = chosenProfile();
    form.querySelectorAll('[data-options-of]').forEach(function (box) {
      box.hidden = box.getAttribute('data-options-of') !== slug;
    });
    form.querySelectorAll('select[data-option]').forEach(function (select) {
      var text = freeTextOf(select);
      if (text) {
        text.hidden = select.value !== 'unlisted_choice';
      }
    });
  }

  window.CallistoSpawnOptions = function () {
    var slug = chosenProfile();
    var options = {};
    if (!slug) {
      return options;
    }
    options.profile = slug;
    var box = optionsOf(slug);
    if (box) {
      box.querySelectorAll('select[data-option]').forEach(function (select) {
        var name = select.getAttribute('data-option');
        var text = freeTextOf(select);
        if (select.value === 'unlisted_choice' && text) {
          options[name + '--unlisted-choice'] = text.value.trim();
        } else {
          options[name] = select.value;
        }
      });
    }
    return options;
  };

  form.addEventListener('change', sync);
  form.addEventListener('submit', function (event) {
    event.preventDefault();
  });
  sync();
})();
