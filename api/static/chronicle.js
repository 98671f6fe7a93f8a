// The relation page's year slider: the page works without this script (type the as-of date and press Show);
// with it, dragging the slider shows the year and releasing it shows the state as of that year.
(function () {
  "use strict";
  var slider = document.getElementById("as_of_year");
  var field = document.getElementById("as_of");
  var shown = document.getElementById("as_of_year_out");
  var form = document.getElementById("controls");
  if (form) {
    // Leave empty fields out of the address: /relations/BY/KR?as_of=2019 rather than ...&known_at=&domain=
    form.addEventListener("submit", function () {
      Array.prototype.forEach.call(form.elements, function (el) {
        if (el.name && el.value === "") el.disabled = true;
      });
    });
  }
  if (!slider || !field || !form) return;
  slider.addEventListener("input", function () {
    if (shown) shown.textContent = slider.value;
  });
  slider.addEventListener("change", function () {
    field.value = slider.value;
    if (shown) shown.textContent = slider.value;
    if (form.requestSubmit) form.requestSubmit(); else form.submit();
  });
})();
