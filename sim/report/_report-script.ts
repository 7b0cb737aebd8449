import { DRAW_CHARTS_JS } from './_draw-charts-script.js';

/**
 * The page's own script: reads the data block and hands each series to Chart.js. Plain ES2017 in
 * a string, because it runs in the browser and not in Node (no DOM types in this project's
 * compile, and a bundler-transformed function would carry helpers the page does not have).
 * Animation is off so a screenshot taken when `data-charts-rendered` appears shows final charts.
 */
export const REPORT_SCRIPT = `
(function () {
  'use strict';
  var data = JSON.parse(document.getElementById('affsim-data').textContent);
  var Chart = window.Chart;
  var COLORS = {
    clicks: '#a5b4fc', orders: '#4f46e5', commission: '#0d9488', violations: '#e11d48',
    inWindow: '#6366f1', afterWindow: '#cbd5e1', window: '#f59e0b',
    tiers: ['#4f46e5', '#0ea5e9', '#14b8a6'],
    outcomes: ['#f59e0b', '#10b981', '#94a3b8', '#f97316', '#f472b6', '#cbd5e1', '#a78bfa', '#fb7185'],
    affiliates: '#6366f1', channels: '#0d9488', model: '#94a3b8', platform: '#4f46e5'
  };
  var money = new Intl.NumberFormat('en-US', { style: 'currency', currency: 'USD' });
  var moneyShort = new Intl.NumberFormat('en-US', { style: 'currency', currency: 'USD', notation: 'compact', maximumFractionDigits: 1 });
  var count = new Intl.NumberFormat('en-US', { maximumFractionDigits: 0 });
  var countShort = new Intl.NumberFormat('en-US', { notation: 'compact', maximumFractionDigits: 1 });
  function cents(v) { return money.format(v / 100); }
  function centsShort(v) { return moneyShort.format(v / 100); }

  Chart.defaults.font.family = getComputedStyle(document.body).fontFamily;
  Chart.defaults.font.size = 12;
  Chart.defaults.color = '#64748b';
  Chart.defaults.borderColor = '#eef0f5';
  Chart.defaults.animation = false;
  Chart.defaults.responsive = true;
  Chart.defaults.maintainAspectRatio = false;
  Chart.defaults.plugins.legend.labels.usePointStyle = true;
  Chart.defaults.plugins.legend.labels.boxWidth = 8;
  Chart.defaults.plugins.legend.labels.boxHeight = 8;
  Chart.defaults.plugins.legend.labels.pointStyleWidth = 10;
  Chart.defaults.plugins.tooltip.backgroundColor = '#0f172a';
  Chart.defaults.plugins.tooltip.padding = 10;

  function axis(extra) {
    var base = { grid: { drawTicks: false }, border: { display: false }, ticks: { padding: 6 } };
    return Object.assign(base, extra || {});
  }
  function moneyAxis(extra) {
    return axis(Object.assign({ beginAtZero: true, ticks: { padding: 6, callback: function (v) { return centsShort(v); } } }, extra || {}));
  }
  function countAxis(extra) {
    return axis(Object.assign({ beginAtZero: true, ticks: { padding: 6, precision: 0, callback: function (v) { return countShort.format(v); } } }, extra || {}));
  }
  function dayAxis() {
    return axis({ grid: { display: false }, ticks: { padding: 6, autoSkip: true, maxRotation: 0, autoSkipPadding: 16 } });
  }
  function dayTitle(items) { return items.length ? data.days.titles[items[0].dataIndex] : ''; }

  /** A dashed vertical line where the attribution window ends, between bucket edges. */
  var windowLine = {
    id: 'windowLine',
    afterDatasetsDraw: function (chart, _args, opts) {
      var starts = opts.starts, w = opts.hours, n = starts.length;
      if (!n) return;
      var x = chart.scales.x, area = chart.chartArea;
      var step = n > 1 ? x.getPixelForValue(1) - x.getPixelForValue(0) : x.width;
      var px = x.getPixelForValue(n - 1) + step / 2;
      for (var i = 0; i < n; i++) {
        var next = i + 1 < n ? starts[i + 1] : Infinity;
        if (w >= starts[i] && w < next) {
          var frac = isFinite(next) ? (w - starts[i]) / (next - starts[i]) : 0;
          px = x.getPixelForValue(i) - step / 2 + frac * step;
          break;
        }
        if (w < starts[i]) { px = x.getPixelForValue(i) - step / 2; break; }
      }
      var ctx = chart.ctx;
      ctx.save();
      ctx.strokeStyle = COLORS.window;
      ctx.lineWidth = 2;
      ctx.setLineDash([6, 4]);
      ctx.beginPath();
      ctx.moveTo(px, area.top);
      ctx.lineTo(px, area.bottom);
      ctx.stroke();
      ctx.setLineDash([]);
      ctx.fillStyle = '#b45309';
      ctx.font = '600 12px ' + Chart.defaults.font.family;
      var right = px + 6 + ctx.measureText(opts.label).width < area.right;
      ctx.textAlign = right ? 'left' : 'right';
      ctx.fillText(opts.label, right ? px + 6 : px - 6, area.top + 14);
      ctx.restore();
    }
  };

  var charts = {
    'chart-traffic': function () {
      return {
        data: {
          labels: data.days.labels,
          datasets: [
            { type: 'line', label: 'Orders', data: data.days.orders, yAxisID: 'y1', borderColor: COLORS.orders, backgroundColor: COLORS.orders, borderWidth: 2, pointRadius: 0, tension: 0.3, order: 0 },
            { type: 'bar', label: 'Clicks', data: data.days.clicks, yAxisID: 'y', backgroundColor: COLORS.clicks, borderRadius: 2, order: 1 }
          ]
        },
        options: {
          interaction: { mode: 'index', intersect: false },
          plugins: { tooltip: { callbacks: { title: dayTitle, label: function (c) { return ' ' + c.dataset.label + ': ' + count.format(c.parsed.y); } } } },
          scales: {
            x: dayAxis(),
            y: countAxis({ position: 'left', title: { display: true, text: 'clicks' } }),
            y1: countAxis({ position: 'right', grid: { display: false }, title: { display: true, text: 'orders' } })
          }
        }
      };
    },
    'chart-commission-daily': function () {
      return {
        type: 'bar',
        data: { labels: data.days.labels, datasets: [{ label: 'Commission', data: data.days.commissionCents, backgroundColor: COLORS.commission, borderRadius: 2 }] },
        options: {
          plugins: { legend: { display: false }, tooltip: { callbacks: { title: dayTitle, label: function (c) { return ' ' + cents(c.parsed.y); } } } },
          scales: { x: dayAxis(), y: moneyAxis() }
        }
      };
    },
    'chart-delay': function () {
      var d = data.delay;
      return {
        type: 'bar',
        data: {
          labels: d.labels,
          datasets: [
            { label: 'within the window', data: d.inWindow, backgroundColor: COLORS.inWindow, borderRadius: 2 },
            { label: 'after the window', data: d.afterWindow, backgroundColor: COLORS.afterWindow, borderRadius: 2 }
          ]
        },
        options: {
          plugins: {
            windowLine: { starts: d.starts, hours: d.windowHours, label: d.windowLabel },
            tooltip: { filter: function (c) { return c.parsed.y > 0; }, callbacks: { title: function (items) { return items.length ? d.titles[items[0].dataIndex] : ''; }, label: function (c) { return ' ' + count.format(c.parsed.y) + ' orders'; } } }
          },
          scales: {
            x: axis({ stacked: true, grid: { display: false }, ticks: { padding: 6, autoSkip: true, maxRotation: 0, autoSkipPadding: 12 }, title: { display: true, text: 'time from the latest qualifying click to the order' } }),
            y: countAxis({ stacked: true, title: { display: true, text: 'orders' } })
          }
        },
        plugins: [windowLine]
      };
    },
    'chart-tiers': function () {
      return doughnut(data.tiers, COLORS.tiers, cents);
    },
    'chart-outcomes': function () {
      return doughnut(data.outcomes, COLORS.outcomes, function (v) { return count.format(v) + ' orders'; });
    },
    'chart-channels': function () {
      return hbar(data.channels, COLORS.channels);
    },
    'chart-affiliates': function () {
      return hbar(data.affiliates, COLORS.affiliates);
    },
    'chart-stake': function () {
      var s = data.stake;
      return {
        type: 'bar',
        data: {
          labels: s.labels,
          datasets: [
            { label: 'Model (the rules)', data: s.model, backgroundColor: COLORS.model, borderRadius: 3 },
            { label: 'Platform', data: s.platform, backgroundColor: COLORS.platform, borderRadius: 3 }
          ]
        },
        options: {
          plugins: { tooltip: { callbacks: { label: function (c) { return ' ' + c.dataset.label + ': ' + cents(c.parsed.y); } } } },
          scales: { x: axis({ grid: { display: false } }), y: moneyAxis() }
        }
      };
    },
    'chart-violations': function () {
      return {
        type: 'bar',
        data: { labels: data.days.labels, datasets: [{ label: 'Violations', data: data.days.violations, backgroundColor: COLORS.violations, borderRadius: 2, minBarLength: 0 }] },
        options: {
          plugins: { legend: { display: false }, tooltip: { callbacks: { title: dayTitle, label: function (c) { return ' ' + count.format(c.parsed.y) + ' violations'; } } } },
          scales: { x: dayAxis(), y: countAxis({ suggestedMax: 1 }) }
        }
      };
    }
  };

  function doughnut(series, colors, format) {
    var total = series.values.reduce(function (a, b) { return a + b; }, 0);
    return {
      type: 'doughnut',
      data: { labels: series.labels, datasets: [{ data: series.values, backgroundColor: colors, borderColor: '#fff', borderWidth: 2 }] },
      options: {
        cutout: '62%',
        plugins: {
          legend: { position: 'right' },
          tooltip: { callbacks: { label: function (c) { return ' ' + format(c.parsed) + (total ? ' (' + (100 * c.parsed / total).toFixed(1) + '%)' : ''); } } }
        }
      }
    };
  }

  function hbar(series, color) {
    return {
      type: 'bar',
      data: { labels: series.labels, datasets: [{ label: 'Commission', data: series.values, backgroundColor: color, borderRadius: 3, barPercentage: 0.8 }] },
      options: {
        indexAxis: 'y',
        plugins: { legend: { display: false }, tooltip: { callbacks: { label: function (c) { return ' ' + cents(c.parsed.x); } } } },
        scales: { x: moneyAxis(), y: axis({ grid: { display: false }, ticks: { padding: 6, autoSkip: false } }) }
      }
    };
  }

${DRAW_CHARTS_JS}})();
`;
