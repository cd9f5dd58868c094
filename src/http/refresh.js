// Preview only (serve --dev): reloads the page when the site has been rebuilt after a save.
// The page's build number comes in its Server-Timing header; the event stream sends the
// current one when it opens and after each rebuild. The public site serves no script.
const timing = performance.getEntriesByType('navigation')[0]?.serverTiming ?? [];
let shown = timing.find((entry) => entry.name === 'build')?.description;
const events = new EventSource(document.currentScript.dataset.events);
events.addEventListener('build', (event) => {
  if (shown !== undefined && event.data !== shown) location.reload();
  shown = event.data;
});
