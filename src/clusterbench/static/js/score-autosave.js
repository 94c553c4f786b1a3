// Saves each self-assessment score as it is typed (inputs with data-autosave), and
// says so next to it; the form's own buttons still work without this script.
(function () {
  "use strict";
  const token = document.querySelector("input[name=csrfmiddlewaretoken]");
  document.querySelectorAll("input[data-autosave]").forEach(function (input) {
    const state = input.parentElement.querySelector(".save-state");
    input.addEventListener("change", function () {
      if (input.value.trim() === "") return;
      state.textContent = "Saving…";
      fetch(input.dataset.autosave, {
        method: "POST",
        headers: { "X-CSRFToken": token.value },
        body: new URLSearchParams({ score: input.value }),
        credentials: "same-origin",
      })
        .then(function (response) {
          return response.json().then(function (data) {
            state.textContent = response.ok ? "Saved" : data.error || "Not saved";
            input.setAttribute("aria-invalid", response.ok ? "false" : "true");
          });
        })
        .catch(function () {
          state.textContent = "Not saved: no connection. Try again.";
        });
    });
  });
})();
