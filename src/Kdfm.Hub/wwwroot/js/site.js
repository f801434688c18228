// Kdfm portal: behaviour without inline script (the content security policy allows none).
// Any element with data-confirm asks before its form is submitted.
document.addEventListener("submit", (event) => {
  const form = event.target;
  const ask = form.getAttribute("data-confirm");
  if (ask && !window.confirm(ask)) {
    event.preventDefault();
  }
});

// Account and sign-in (Pages/SignInContinue): a link marked data-follow is followed at once. Back from single sign-on,
// a navigation started by our own page sends the SameSite=Strict session cookie; the provider's redirect did not.
const follow = document.querySelector("a[data-follow]");
if (follow) {
  window.location.replace(follow.href);
}
