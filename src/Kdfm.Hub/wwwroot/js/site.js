// Kdfm portal: behaviour without inline script (the content security policy allows none).
// Any element with data-confirm asks before its form is submitted.
document.addEventListener("submit", (event) => {
  const form = event.target;
  const ask = form.getAttribute("data-confirm");
  if (ask && !window.confirm(ask)) {
    event.preventDefault();
  }
});
