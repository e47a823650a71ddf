/* The case library, enhanced: the filters stay open beside the results on
   a wide screen, a change of a filter or of the order applies at once
   (the results are fetched and swapped in, the address follows), and
   addresses carry no empty or default parameters. Without this script the
   form and its buttons work the same, and the server shortens addresses. */
(function () {
  "use strict";
  var form = document.getElementById("library-filters");
  if (!form || !window.fetch || !window.URLSearchParams || !window.DOMParser) {
    return;
  }
  var details = document.getElementById("filters");
  var status = document.getElementById("library-status");
  var wide = window.matchMedia("(min-width: 50.01rem)");
  var pending = null;
  var timer = null;

  if (details && wide.matches) {
    details.open = true;
  }
  Array.prototype.forEach.call(document.querySelectorAll(".sort-button"), function (button) {
    button.hidden = true;
  });

  function address() {
    var data = new FormData(form);
    var searching = String(data.get("q") || "").trim() !== "";
    var params = new URLSearchParams();
    data.forEach(function (value, name) {
      value = String(value).trim();
      if (value === "" || (name === "sortering" && value === (searching ? "relevans" : "nyast"))) {
        return;
      }
      if (name === "sortering" && value === "relevans") {
        return; // nothing to rank by without a search
      }
      params.append(name, value);
    });
    var query = params.toString();
    return form.getAttribute("action") + (query ? "?" + query : "");
  }

  function swap(selector, fresh) {
    var old = document.querySelector(selector);
    var replacement = fresh.querySelector(selector);
    if (old && replacement) {
      old.replaceWith(replacement);
    }
  }

  function apply() {
    var url = address();
    if (pending) {
      pending.abort();
    }
    pending = new AbortController();
    fetch(url, { signal: pending.signal, credentials: "same-origin" })
      .then(function (response) {
        if (!response.ok) {
          throw new Error(String(response.status));
        }
        return response.text();
      })
      .then(function (html) {
        var fresh = new DOMParser().parseFromString(html, "text/html");
        var focused = document.activeElement && document.activeElement.id;
        swap("#library-filters .facets-body", fresh);
        swap("#filter-heading", fresh);
        swap(".results", fresh);
        Array.prototype.forEach.call(document.querySelectorAll(".sort-button"), function (button) {
          button.hidden = true;
        });
        if (focused && !document.activeElement.id) {
          var again = document.getElementById(focused);
          if (again) {
            again.focus();
          }
        }
        document.title = fresh.title;
        window.history.pushState({ library: true }, "", url);
        var count = document.getElementById("result-count");
        if (status && count) {
          status.textContent = count.textContent;
        }
      })
      .catch(function (error) {
        if (error.name !== "AbortError") {
          window.location.assign(url); // let the server answer instead
        }
      });
  }

  function changed(event) {
    var target = event.target;
    if (!target.name || target.name === "q") {
      return; // a search applies when it is sent, not at every letter
    }
    window.clearTimeout(timer);
    timer = window.setTimeout(apply, target.type === "number" ? 600 : 0);
  }

  form.addEventListener("change", changed);
  document.addEventListener("change", function (event) {
    if (event.target.form === form && !form.contains(event.target)) {
      changed(event); // the sort control above the results belongs to the form
    }
  });
  form.addEventListener("submit", function (event) {
    event.preventDefault();
    window.location.assign(address());
  });
  window.addEventListener("popstate", function () {
    window.location.reload();
  });
})();
