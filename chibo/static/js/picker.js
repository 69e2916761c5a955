/* Member pickers that can be searched: a search box above each <select data-search>
   keeps only the names containing what is typed, with or without diacritics ("hoa"
   finds "Nguyễn Thị Hòa"), in the list's own order (present members first). One match
   is picked at once. Plain ES5 without a library, so it runs on an old phone; without
   JavaScript the select works as before. */
(function () {
  "use strict";

  function fold(text) {
    var s = (text || "").toLowerCase();
    if (s.normalize) {
      s = s.normalize("NFD").replace(/[\u0300-\u036f]/g, "");
    }
    return s.replace(/\u0111/g, "d");
  }

  function matches(option, query) {
    return !option.value || !query || fold(option.text).indexOf(query) >= 0;
  }

  function setup(select) {
    var original = select.cloneNode(true);
    var input = document.createElement("input");
    input.type = "search";
    input.className = "form-control form-control-sm mb-1 picker-search";
    input.placeholder = "Gõ để tìm tên…";
    input.autocomplete = "off";
    // Not the field's own label: the select keeps it alone ("Chủ trì", "Thư ký"…).
    input.setAttribute("aria-label", "Tìm tên trong danh sách bên dưới");
    input.title = "Tìm " + select.getAttribute("data-search");
    select.parentNode.insertBefore(input, select);

    input.addEventListener("input", function () {
      var query = fold(input.value.replace(/^\s+|\s+$/g, ""));
      var chosen = select.value;
      var found = [];
      while (select.firstChild) {
        select.removeChild(select.firstChild);
      }
      for (var i = 0; i < original.children.length; i++) {
        var node = original.children[i];
        if (node.tagName === "OPTGROUP") {
          var group = node.cloneNode(false);
          for (var j = 0; j < node.children.length; j++) {
            if (matches(node.children[j], query)) {
              group.appendChild(node.children[j].cloneNode(true));
              found.push(node.children[j].value);
            }
          }
          if (group.children.length) {
            select.appendChild(group);
          }
        } else if (matches(node, query)) {
          select.appendChild(node.cloneNode(true));
          if (node.value) {
            found.push(node.value);
          }
        }
      }
      select.value = chosen;
      if (found.length === 1 && query) {
        select.value = found[0];
      } else if (select.value !== chosen) {
        select.value = "";
      }
    });
  }

  var selects = document.querySelectorAll("select[data-search]");
  for (var k = 0; k < selects.length; k++) {
    setup(selects[k]);
  }
})();
