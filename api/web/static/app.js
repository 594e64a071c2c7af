// Site-wide behaviour, loaded on every page (no inline scripts: the CSP forbids them).
'use strict';

// Validation answers (400, 403, 409, 422) carry a localized fragment to show in place: let htmx
// swap them like a success instead of dropping them.
document.addEventListener('htmx:beforeSwap', (event) => {
  const status = event.detail.xhr.status;
  if (status === 400 || status === 403 || status === 409 || status === 422) {
    event.detail.shouldSwap = true;
    event.detail.isError = false;
  }
});

// Forms marked `data-confirm="text"` ask before they are sent.
document.addEventListener('submit', (event) => {
  const form = event.target;
  if (
    form instanceof HTMLFormElement &&
    form.dataset.confirm &&
    !window.confirm(form.dataset.confirm)
  )
    event.preventDefault();
});
