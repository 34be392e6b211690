// The leaders' dashboard (决策研判): draws the ECharts charts from the JSON block the page renders, and sends a click on
// a bar, point or slice to the same drill-down list the table row links to. The tables stay the accessible source of
// every figure; without JavaScript the page is complete without the charts.
(function () {
  'use strict';
  var block = document.getElementById('insight-data');
  if (!block || typeof window.echarts === 'undefined') { return; }
  var data = JSON.parse(block.textContent || '{}');
  var dark = !!data.dark;
  var text = dark ? '#f0f0f0' : '#1a1a1a';
  var palette = ['#0b4f9c', '#b35c00', '#1d6b2a', '#6a1b9a', '#a8141b'];
  var lightColours = ['#d0181f', '#e0a800', '#1565c0', '#2e7d32', '#9e9e9e'];
  var charts = [];

  function option(spec) {
    var base = {
      color: palette,
      textStyle: { color: text },
      aria: { enabled: true, decal: { show: true } },   // patterns as well as colours (WCAG 1.4.1)
      tooltip: { trigger: spec.kind === 'pie' ? 'item' : 'axis' },
      legend: { textStyle: { color: text }, top: 0 },
      animation: false,
      backgroundColor: 'transparent'
    };
    var series = spec.series || [];
    if (spec.kind === 'pie') {
      base.series = [{
        type: 'pie', radius: ['35%', '70%'], top: 24,
        label: { color: text, formatter: '{b}: {c}' },
        data: spec.categories.map(function (c, i) {
          return { name: c, value: series[0] ? series[0].data[i] : 0, itemStyle: { color: lightColours[i % lightColours.length] } };
        })
      }];
      return base;
    }
    var horizontal = spec.kind === 'bar-h';
    var category = { type: 'category', data: spec.categories, axisLabel: { color: text, interval: 0, rotate: horizontal ? 0 : (spec.categories.length > 8 ? 40 : 0) } };
    if (horizontal) {
      // Long labels (department pairs "A → B") are cut to the grid's margin; the tooltip and the table carry them whole.
      category.axisLabel.width = 150;
      category.axisLabel.overflow = 'truncate';
    }
    var value = { type: 'value', axisLabel: { color: text } };
    base.grid = { left: horizontal ? 160 : 48, right: 24, top: 40, bottom: 60, containLabel: false };
    base.xAxis = horizontal ? value : category;
    base.yAxis = horizontal ? category : value;
    base.series = series.map(function (s) {
      return {
        name: s.name,
        type: spec.kind === 'line' ? 'line' : 'bar',
        stack: spec.kind === 'bar-stack' ? 'total' : undefined,
        data: s.data,
        itemStyle: s.color ? { color: s.color } : undefined
      };
    });
    return base;
  }

  document.querySelectorAll('.insight-chart[data-chart]').forEach(function (el) {
    var spec = (data.charts || []).filter(function (c) { return c.id === el.getAttribute('data-chart'); })[0];
    if (!spec || !spec.categories || spec.categories.length === 0) {
      el.classList.add('insight-chart--empty');
      return;
    }
    var chart = window.echarts.init(el, dark ? 'dark' : null, { renderer: 'canvas' });
    chart.setOption(option(spec));
    chart.on('click', function (p) {
      var url = spec.links && spec.links[p.dataIndex];
      if (url) { window.location.href = url; }
    });
    charts.push(chart);
  });

  window.addEventListener('resize', function () { charts.forEach(function (c) { c.resize(); }); });

  // Big screen: reload on a timer (the page also carries a <noscript> meta refresh for browsers without JavaScript).
  var refresh = parseInt(document.body.getAttribute('data-refresh') || '0', 10);
  if (refresh > 0) {
    window.setTimeout(function () { window.location.reload(); }, refresh * 1000);
  }
})();
