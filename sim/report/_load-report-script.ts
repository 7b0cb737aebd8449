import { DRAW_CHARTS_JS } from './_draw-charts-script.js';

/**
 * The load report's script (plain ES2017 in a string, like _report-script.ts, for the same
 * reasons): request rate per endpoint, latency percentiles per endpoint, and wrong answers,
 * failures and drops, all per second; dashed lines where a breakpoint threshold broke.
 */
export const LOAD_REPORT_SCRIPT = `
(function () {
  'use strict';
  var data = JSON.parse(document.getElementById('affsim-load-data').textContent);
  var Chart = window.Chart;
  var PALETTE = ['#4f46e5', '#0d9488', '#f59e0b', '#e11d48', '#0ea5e9', '#a78bfa', '#f97316'];
  Chart.defaults.font.family = getComputedStyle(document.body).fontFamily;
  Chart.defaults.font.size = 12;
  Chart.defaults.color = '#64748b';
  Chart.defaults.borderColor = '#eef0f5';
  Chart.defaults.animation = false;
  Chart.defaults.responsive = true;
  Chart.defaults.maintainAspectRatio = false;
  Chart.defaults.plugins.legend.labels.usePointStyle = true;
  Chart.defaults.plugins.legend.labels.boxWidth = 8;
  var labels = data.seconds.map(function (s) { return s + ' s'; });

  var breakLines = {
    id: 'breakLines',
    afterDatasetsDraw: function (chart) {
      if (!data.breaks.length) return;
      var x = chart.scales.x, area = chart.chartArea, ctx = chart.ctx;
      ctx.save();
      ctx.strokeStyle = '#e11d48';
      ctx.fillStyle = '#e11d48';
      ctx.setLineDash([5, 4]);
      data.breaks.forEach(function (b, i) {
        var px = x.getPixelForValue(b.second);
        ctx.beginPath();
        ctx.moveTo(px, area.top);
        ctx.lineTo(px, area.bottom);
        ctx.stroke();
        ctx.fillText(b.label, px + 4, area.top + 12 + 14 * i);
      });
      ctx.restore();
    }
  };
  function axes(yTitle) {
    return {
      x: { grid: { display: false }, ticks: { autoSkip: true, maxRotation: 0, autoSkipPadding: 16 } },
      y: { beginAtZero: true, title: { display: true, text: yTitle }, ticks: { precision: 0 } }
    };
  }
  function line(label, values, color, dash) {
    return { label: label, data: values, borderColor: color, backgroundColor: color, borderWidth: 2,
      borderDash: dash || [], pointRadius: 0, tension: 0.2, spanGaps: true };
  }
  var charts = {};
  charts['chart-rate'] = function () {
    return { type: 'line', plugins: [breakLines], options: { scales: axes('requests per second') },
      data: { labels: labels, datasets: data.endpoints.map(function (e, i) { return line(e.name, e.requests, PALETTE[i % PALETTE.length]); }) } };
  };
  data.endpoints.forEach(function (e, i) {
    charts['chart-latency-' + i] = function () {
      return { type: 'line', plugins: [breakLines], options: { scales: axes('milliseconds') },
        data: { labels: labels, datasets: [line('p50', e.p50, '#94a3b8'), line('p95', e.p95, '#6366f1'), line('p99', e.p99, '#e11d48', [4, 3])] } };
    };
  });
  charts['chart-errors'] = function () {
    function bar(label, values, color) { return { label: label, data: values, backgroundColor: color, borderRadius: 2 }; }
    return { type: 'bar', plugins: [breakLines], options: { scales: axes('per second') },
      data: { labels: labels, datasets: [bar('wrong answers', data.answersWrong, '#e11d48'), bar('failed checks', data.checksFailed, '#fb7185'),
        bar('failed requests', data.requestsFailed, '#f59e0b'), bar('dropped iterations', data.dropped, '#64748b')] } };
  };

${DRAW_CHARTS_JS}})();
`;
