// firstask behaviour. Loaded as a file (the CSP forbids inline script).
(function () {
  "use strict";
  // Buttons that print the page they are on: <button data-action="print">.
  document.addEventListener("click", function (event) {
    var target = event.target.closest("[data-action='print']");
    if (target) {
      event.preventDefault();
      window.print();
    }
  });
  // Forms marked data-confirm ask before submitting.
  document.addEventListener("submit", function (event) {
    var form = event.target;
    var question = form.getAttribute("data-confirm");
    if (question && !window.confirm(question)) {
      event.preventDefault();
    }
  });
})();
