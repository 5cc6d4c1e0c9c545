// Survey pages: move focus to the error summary so screen readers announce it at once.
document.addEventListener("DOMContentLoaded", function () {
  var summary = document.getElementById("form-errors");
  if (summary) { summary.focus(); }
});
