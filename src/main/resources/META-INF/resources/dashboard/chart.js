// A gate's status over time, drawn with uPlot (served from its webjar, version pinned in
// pom.xml) as a step line over the levels failed < unknown < stale < passed.
import uPlot from '/webjars/uplot/1.6.30/dist/uPlot.esm.js';

const LEVELS = ['failed', 'unknown', 'stale', 'passed'];
// a gate's first change comes from no status at all: drawn as unknown
const level = (status) => (LEVELS.includes(status) ? LEVELS.indexOf(status) : 1);

/**
 * changes: [{recordedAt, from, to}] oldest first; current: the status now (or at the past
 * moment viewed, `asOf`).
 */
export function statusChart(container, changes, current, asOf) {
  const end = (asOf ? Date.parse(asOf) : Date.now()) / 1000;
  const xs = [];
  const ys = [];
  if (changes.length) {
    xs.push(Date.parse(changes[0].recordedAt) / 1000 - 60);
    ys.push(level(changes[0].from));
  }
  for (const c of changes) {
    xs.push(Date.parse(c.recordedAt) / 1000);
    ys.push(level(c.to));
  }
  xs.push(Math.max(end, (xs[xs.length - 1] ?? end - 3600) + 1));
  ys.push(level(current));
  if (xs.length === 1) {
    xs.unshift(end - 3600);
    ys.unshift(level(current));
  }
  const main = document.getElementById('view');
  const width = Math.max(260, Math.min(main.clientWidth - 40, 1200));
  const options = {
    width,
    height: 160,
    legend: { show: false },
    cursor: { show: false },
    scales: { y: { range: [-0.5, 3.5] } },
    axes: [
      { stroke: '#1a1a1a' },
      { stroke: '#1a1a1a', size: 70, splits: () => [0, 1, 2, 3],
        values: (u, splits) => splits.map((v) => LEVELS[v] ?? '') },
    ],
    series: [{}, { label: 'status', stroke: '#0b4f9c', width: 2,
      paths: uPlot.paths.stepped({ align: 1 }), points: { show: true, size: 6 } }],
  };
  new uPlot(options, [xs, ys], container);
}
