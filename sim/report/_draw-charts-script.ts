/**
 * The end of both reports' scripts (report.html and the k6 load report): draws each chart of
 * `charts` (canvas id → a function giving its Chart.js config), so one that throws leaves a note
 * in its place and the others still draw, then marks the body for the browser tests: how many
 * drew (`data-charts-rendered`, one frame later, when every canvas is painted) and which failed.
 */
export const DRAW_CHARTS_JS = `  var drawn = 0, failed = [];
  Object.keys(charts).forEach(function (id) {
    var canvas = document.getElementById(id);
    if (!canvas) return;
    try {
      new Chart(canvas, charts[id]());
      drawn++;
    } catch (e) {
      failed.push(id + ': ' + e.message);
      var p = document.createElement('p');
      p.className = 'chart-error';
      p.textContent = 'This chart could not be drawn: ' + e.message;
      canvas.parentNode.appendChild(p);
    }
  });
  if (failed.length) document.body.setAttribute('data-charts-error', failed.join('; '));
  // One frame later every canvas has been painted and laid out.
  requestAnimationFrame(function () { document.body.setAttribute('data-charts-rendered', String(drawn)); });
`;
