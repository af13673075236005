// Small behaviours of the pages, kept out of the HTML so the Content-Security-Policy can forbid inline script
// (no onchange=, onsubmit=, javascript: links): each is switched on by a data- attribute.
"use strict";

// <select data-autosubmit>: changing it submits its form (the language chooser).
document.addEventListener("change", function (event) {
  if (event.target.matches("[data-autosubmit]") && event.target.form) {
    event.target.form.submit();
  }
});

// <form data-confirm="Question?">: ask before submitting.
document.addEventListener("submit", function (event) {
  var question = event.target.getAttribute("data-confirm");
  if (question && !window.confirm(question)) {
    event.preventDefault();
  }
});

// <a data-history-back href="fallback">: go back when there is somewhere to go back to.
document.addEventListener("click", function (event) {
  var link = event.target.closest("[data-history-back]");
  if (link && window.history.length > 1) {
    event.preventDefault();
    window.history.back();
  }
});
