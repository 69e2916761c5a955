/* The organization picker (chibo.core.web.OrganizationField): a text box whose
   <datalist> is filled, as one types, with the organizations the server finds in the
   user's scope (input[data-organization-search] names the URL; with or without
   diacritics). The browser shows the list and picks from it with the keyboard or a tap;
   the box keeps the label chosen and the server reads it. Plain ES5 without a library;
   without JavaScript the box takes a name, a code or an id as typed. */
(function () {
  "use strict";

  var WAIT_MS = 200;

  function setup(input) {
    var list = document.getElementById(input.getAttribute("list"));
    var base = input.getAttribute("data-organization-search");
    var timer = null;
    var asked = "";
    if (!list || !base) {
      return;
    }
    function fill(results) {
      while (list.firstChild) {
        list.removeChild(list.firstChild);
      }
      for (var i = 0; i < results.length; i++) {
        var option = document.createElement("option");
        option.value = results[i].label;
        list.appendChild(option);
      }
      input.setAttribute("data-suggestions", String(results.length));
    }
    function ask() {
      var text = input.value.trim();
      if (text === asked) {
        return;
      }
      asked = text;
      if (text.length < 2 && !/^\d+$/.test(text)) {
        fill([]);
        return;
      }
      var request = new XMLHttpRequest();
      request.open("GET", base + (base.indexOf("?") < 0 ? "?" : "&") + "q=" +
        encodeURIComponent(text));
      request.setRequestHeader("Accept", "application/json");
      request.onload = function () {
        if (request.status !== 200 || input.value.trim() !== text) {
          return;  // an answer to an older text: a newer one is on its way
        }
        fill(JSON.parse(request.responseText).results || []);
      };
      request.send();
    }
    input.addEventListener("input", function () {
      clearTimeout(timer);
      timer = setTimeout(ask, WAIT_MS);
    });
  }

  function start() {
    var inputs = document.querySelectorAll("input[data-organization-search]");
    for (var i = 0; i < inputs.length; i++) {
      setup(inputs[i]);
    }
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
