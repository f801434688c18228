// kdfm-sim: a simulated printer's own web page. Served as /js/app.js; index.html loads it by a relative path, the
// status page by an absolute one. It marks the page as scripted (a browser test can tell the script ran) and keeps
// the status page's live values fresh from /api/status, an absolute URL as printers' scripts use.
document.documentElement.dataset.script = 'loaded';
document.addEventListener('DOMContentLoaded', () => {
  const uptime = document.getElementById('uptime');
  if (!uptime) {
    return;
  }

  const refresh = () => fetch('/api/status', { credentials: 'same-origin' })
    .then(response => response.ok ? response.json() : null)
    .then(status => {
      if (status) {
        uptime.textContent = status.uptimeSeconds + ' s';
        document.getElementById('refreshed').textContent = 'refreshed by script';
      }
    });
  refresh();
  setInterval(refresh, 5000);
});
