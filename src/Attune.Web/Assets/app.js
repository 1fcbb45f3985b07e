// Attune dashboard: the live page follows its run through server-sent events (no reload). Text only: never innerHTML.
(function () {
  'use strict';
  var live = document.querySelector('[data-live]');
  if (!live || !window.EventSource) return;
  function set(id, text) { var el = document.getElementById(id); if (el) el.textContent = text; }
  function fmt(v) { return typeof v === 'number' ? v.toFixed(2) : '–'; }
  set('live-mode', 'arrive live');
  var source = new EventSource(live.getAttribute('data-live'));
  source.onmessage = function (e) {
    var s;
    try { s = JSON.parse(e.data); } catch (err) { return; }
    if (s.problem) set('live-problem', s.problem); else set('live-problem', '');
    if (typeof s.started !== 'number') return;
    set('live-status', s.status);
    var bar = document.getElementById('live-progress');
    if (bar) { if (s.trials) bar.max = s.trials; bar.value = s.started; bar.textContent = String(s.started); }
    set('live-count', s.started + ' / ' + (s.trials === null ? '?' : s.trials));
    set('live-answers', String(s.answers));
    if (s.scoreLabel) set('live-score-label', s.scoreLabel);
    set('live-score', s.scoreDisplay || '–');
    set('live-ci', s.ci95 ? '95% CI ' + fmt(s.ci95[0]) + ' – ' + fmt(s.ci95[1]) : '');
    set('live-at', new Date(s.at).toISOString().substring(11, 19) + ' UTC');
    if (s.status !== 'running') set('live-link', 'The run has stopped; its page has the full result.');
  };
  source.addEventListener('end', function () { source.close(); set('live-mode', 'have stopped: the run is over'); });
})();
