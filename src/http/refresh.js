// Preview only (serve --dev): reloads the page when the site has been rebuilt after a save.
// The public site serves no script.
const events = new EventSource(document.currentScript.dataset.events);
events.addEventListener('rebuilt', () => location.reload());
