// Narrows the member checkboxes of "Form a group" as one types. Without this script the
// Filter button does the same on the server; with it, nothing is submitted until asked.
(function () {
  "use strict";
  const input = document.getElementById("filter");
  const list = document.querySelector(".member-list");
  if (!input || !list) return;
  const plain = (text) => text.normalize("NFD").replace(/\p{M}/gu, "").toLowerCase();
  const items = Array.from(list.querySelectorAll("label.choice"));
  const count = document.getElementById("chosen-count");
  input.addEventListener("input", () => {
    const wanted = plain(input.value.trim());
    items.forEach((item) => { item.hidden = wanted !== "" && !plain(item.dataset.name).includes(wanted); });
  });
  input.addEventListener("keydown", (event) => {
    if (event.key === "Enter") event.preventDefault(); // filtering is live; Enter must not submit
  });
  list.addEventListener("change", () => {
    const chosen = document.querySelectorAll('input[name="cluster"]:checked, input[type="hidden"][name="cluster"]').length;
    if (count) count.textContent = `(${chosen} chosen)`;
  });
})();
