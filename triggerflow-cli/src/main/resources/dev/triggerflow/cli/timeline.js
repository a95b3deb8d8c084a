(function () {
  'use strict';

  const started = performance.now();

  // Everything that comes from the run is set with textContent or as an attribute value, never
  // parsed as markup, so a payload cannot add elements to the page.
  const D = JSON.parse(document.getElementById('tf-data').textContent);
  const ROW = 22;
  const MAP_ROW = 46;
  const OVERSCAN = 12;
  const EXPAND_LIMIT = 20;
  const EPISODE_MARKER_LIMIT = 1500;

  const root = document.getElementById('timeline');
  const tip = document.getElementById('tip');
  const labelWidth = parseInt(getComputedStyle(document.documentElement)
    .getPropertyValue('--label'), 10) || 270;

  // A little room after the end, so that the last marks are not cut by the edge.
  const fullSpan = () => Math.max(1, Math.round(D.end * 1.015));
  const view = { from: 0, to: fullSpan() };
  const maps = D.maps;
  const expanded = {};
  Object.keys(maps).forEach((g) => { expanded[g] = maps[g].size <= EXPAND_LIMIT; });

  const calls = D.calls;
  const groupOf = (c) => (c.g === undefined ? c.i : c.g);
  const nameOf = (c) => (c.n !== undefined ? c.n : (maps[groupOf(c)] || {}).n);
  summarizeMaps();

  let rows = [];
  let offsets = [];
  let trackWidth = 600;
  let els = {};
  let pinned = false;

  // ---- text -----------------------------------------------------------------------------------

  function dur(us) {
    const a = Math.abs(us);
    const sign = us < 0 ? '-' : '';
    if (a < 1000) return sign + a + '\u00b5s';
    if (a < 1e6) return sign + (a / 1e3).toFixed(a < 1e4 ? 2 : a < 1e5 ? 1 : 0) + 'ms';
    if (a < 60e6) return sign + (a / 1e6).toFixed(a < 1e7 ? 3 : 2) + 's';
    if (a < 3600e6) {
      const m = Math.floor(a / 60e6);
      return sign + m + 'm ' + ((a - m * 60e6) / 1e6).toFixed(1) + 's';
    }
    if (a < 86400e6) {
      const h = Math.floor(a / 3600e6);
      return sign + h + 'h ' + Math.floor((a - h * 3600e6) / 60e6) + 'm';
    }
    const d = Math.floor(a / 86400e6);
    return sign + d + 'd ' + Math.floor((a - d * 86400e6) / 3600e6) + 'h';
  }

  const at = (us) => (us === 0 ? '0' : '+' + dur(us));
  const wall = (us) => new Date(D.t0ms + us / 1000).toISOString();

  function callTitle(c) {
    const id = c.i > 0 ? 'call ' + c.i + ' \u00b7 ' : '';
    switch (c.k) {
      case 'timer': return id + 'timer';
      case 'event':
        return c.i > 0 ? id + "wait for event '" + c.n + "'"
          : "event '" + c.n + "' (no wait has claimed it)";
      case 'child': return id + "child workflow '" + c.n + "'";
      default: return id + 'task ' + nameOf(c);
    }
  }

  function partText(c, p) {
    const of = c.max ? ' of up to ' + c.max : '';
    switch (p.k) {
      case 'ok': return 'attempt ' + p.a + of + ' succeeded';
      case 'fail':
        return 'attempt ' + p.a + of + ' failed' + (p.et ? ': ' + p.et : '')
          + (p.em ? ': ' + p.em : '');
      case 'wait':
        return 'waiting to retry: attempt ' + p.a + (p.open ? ' due at ' : ' started at ')
          + at(p.e);
      case 'running': return 'attempt ' + p.a + ' started, no result yet';
      case 'timer':
        return p.open ? 'timer set to fire at ' + at(c.fireAt) + ', had not fired'
          : 'timer fired at ' + at(p.e);
      case 'event':
        return p.open ? "waiting for event '" + c.n + "'"
          : "event '" + c.n + "' received at " + at(p.e);
      case 'child':
        return 'child run ' + (c.child || '?') + (p.open ? ', not finished' : ' completed');
      default: return p.k;
    }
  }

  // Lines of a tooltip as [text, kind]; also joined into a bar's accessible label.
  function details(c, p) {
    const lines = [[callTitle(c), '']];
    if (p) {
      lines.push([partText(c, p), p.k === 'fail' ? 'x' : '']);
      lines.push([at(p.s) + ' \u2192 ' + at(p.e) + ' (' + dur(p.e - p.s) + ')'
        + (p.open ? ', still open' : ''), '']);
    } else {
      lines.push(['at ' + at(c.s), '']);
    }
    if (c.i > 0) {
      lines.push(['scheduled in episode ' + c.ep + ' at ' + at(c.s)
        + (c.rep !== undefined ? '; outcome seen in episode ' + c.rep : ''), '']);
    }
    if (c.in !== undefined) lines.push(['input: ' + c.in, 'v']);
    if (c.out !== undefined) {
      lines.push([(c.k === 'event' ? 'payload: ' : 'result: ') + c.out, 'v']);
    }
    if (c.et !== undefined) lines.push(['error: ' + c.et + (c.em ? ': ' + c.em : ''), 'x']);
    if (c.child) lines.push(['child run: ' + c.child, 'v']);
    lines.push(['status: ' + statusText(c) + '; started ' + wall(p ? p.s : c.s), '']);
    return lines;
  }

  function statusText(c) {
    switch (c.st) {
      case 'ok': return 'succeeded';
      case 'open': return 'left open when the run ended';
      case 'unclaimed': return 'received, not awaited';
      default: return c.st;
    }
  }

  const flat = (lines) => lines.map((l) => l[0]).join(' \u00b7 ');

  // ---- the tooltip ----------------------------------------------------------------------------

  function showTip(lines, x, y) {
    tip.textContent = '';
    lines.forEach((l) => {
      const d = document.createElement('div');
      d.textContent = l[0];
      if (l[1]) d.className = l[1];
      tip.appendChild(d);
    });
    tip.hidden = false;
    const w = tip.offsetWidth;
    const h = tip.offsetHeight;
    const left = Math.min(x + 14, window.innerWidth - w - 8);
    const top = y + 16 + h > window.innerHeight ? y - h - 10 : y + 16;
    tip.style.left = Math.max(4, left) + 'px';
    tip.style.top = Math.max(4, top) + 'px';
  }

  function hideTip() {
    if (!pinned) tip.hidden = true;
  }

  // ---- maps -----------------------------------------------------------------------------------

  function summarizeMaps() {
    Object.keys(maps).forEach((g) => {
      Object.assign(maps[g], { ok: 0, failed: 0, open: 0, retries: 0, calls: [] });
    });
    calls.forEach((c, index) => {
      const m = maps[groupOf(c)];
      if (!m || c.i <= 0) return;
      m.calls.push(index);
      if (c.st === 'ok') m.ok++;
      else if (c.st === 'failed') m.failed++;
      else m.open++;
      c.p.forEach((p) => { if (p.k === 'wait') m.retries++; });
    });
  }

  // How many calls of a map were in each state during each slice of the visible time.
  function histogram(m, bins) {
    const kinds = ['ok', 'fail', 'wait', 'running'];
    const diff = {};
    kinds.forEach((k) => { diff[k] = new Float64Array(bins + 1); });
    const span = view.to - view.from;
    m.calls.forEach((index) => {
      calls[index].p.forEach((p) => {
        const d = diff[p.k];
        if (!d || p.e < view.from || p.s > view.to) return;
        const a = Math.max(0, Math.floor(((p.s - view.from) / span) * bins));
        const b = Math.min(bins - 1, Math.floor(((p.e - view.from) / span) * bins));
        d[a] += 1;
        d[b + 1] -= 1;
      });
    });
    const counts = {};
    let max = 1;
    kinds.forEach((k) => {
      const out = new Float64Array(bins);
      let run = 0;
      for (let i = 0; i < bins; i++) { run += diff[k][i]; out[i] = run; }
      counts[k] = out;
    });
    for (let i = 0; i < bins; i++) {
      let sum = 0;
      kinds.forEach((k) => { sum += counts[k][i]; });
      max = Math.max(max, sum);
    }
    return { kinds, counts, max, bins };
  }

  function drawMapTrack(track, g, height) {
    const m = maps[g];
    const bins = Math.max(10, Math.min(400, Math.floor(trackWidth / 3)));
    const h = histogram(m, bins);
    const svgNs = 'http://www.w3.org/2000/svg';
    const svg = document.createElementNS(svgNs, 'svg');
    svg.setAttribute('width', trackWidth);
    svg.setAttribute('height', height);
    svg.setAttribute('class', 'density');
    const bw = trackWidth / bins;
    for (let i = 0; i < bins; i++) {
      let y = height;
      h.kinds.forEach((k) => {
        const n = h.counts[k][i];
        if (n <= 0) return;
        const rh = Math.max(1, (n / h.max) * height);
        y -= rh;
        const r = document.createElementNS(svgNs, 'rect');
        r.setAttribute('x', (i * bw).toFixed(1));
        r.setAttribute('y', y.toFixed(1));
        r.setAttribute('width', Math.max(1, bw - 0.5).toFixed(1));
        r.setAttribute('height', rh.toFixed(1));
        r.setAttribute('class', 'k-' + k);
        svg.appendChild(r);
      });
    }
    svg.addEventListener('mousemove', (ev) => {
      const i = Math.min(bins - 1, Math.max(0, Math.floor(ev.offsetX / bw)));
      const span = view.to - view.from;
      const from = view.from + (i / bins) * span;
      const to = view.from + ((i + 1) / bins) * span;
      showTip(mapDetails(m, g).concat([
        [at(Math.round(from)) + ' \u2013 ' + at(Math.round(to)) + ': '
          + h.counts.ok[i] + ' succeeding, ' + h.counts.fail[i] + ' failing, '
          + h.counts.wait[i] + ' waiting to retry, ' + h.counts.running[i] + ' running', ''],
      ]), ev.clientX, ev.clientY);
    });
    svg.addEventListener('mouseleave', hideTip);
    svg.setAttribute('aria-label', flat(mapDetails(m, g)));
    track.appendChild(svg);
  }

  function mapDetails(m, g) {
    return [
      ['map g' + g + ': ' + m.size + ' calls of task ' + m.n, ''],
      [m.ok + ' succeeded, ' + m.failed + ' failed, ' + m.open + ' without a result; '
        + m.retries + ' retries', ''],
      ['bars: calls per slice of time, by state', ''],
    ];
  }

  // ---- layout ---------------------------------------------------------------------------------

  function buildRows() {
    rows = [];
    const seen = {};
    calls.forEach((c, index) => {
      const g = groupOf(c);
      if (maps[g] && c.i > 0) {
        if (!seen[g]) {
          seen[g] = true;
          rows.push({ map: g, h: MAP_ROW });
        }
        if (expanded[g]) rows.push({ call: index, h: ROW, sub: true });
      } else {
        rows.push({ call: index, h: ROW });
      }
    });
    offsets = new Array(rows.length + 1);
    offsets[0] = 0;
    for (let i = 0; i < rows.length; i++) offsets[i + 1] = offsets[i] + rows[i].h;
  }

  const x = (t) => ((t - view.from) / (view.to - view.from)) * trackWidth;

  function div(cls, text) {
    const d = document.createElement('div');
    if (cls) d.className = cls;
    if (text !== undefined) d.textContent = text;
    return d;
  }

  function ticks() {
    const span = view.to - view.from;
    const wanted = Math.max(2, Math.floor(trackWidth / 110));
    const raw = span / wanted;
    const pow = Math.pow(10, Math.floor(Math.log10(raw)));
    const step = [1, 2, 5, 10].map((f) => f * pow).find((s) => s >= raw) || raw;
    const out = [];
    for (let t = Math.ceil(view.from / step) * step; t <= view.to; t += step) out.push(t);
    return out;
  }

  function render() {
    trackWidth = Math.max(200, root.clientWidth - labelWidth - 2);
    buildRows();
    root.textContent = '';
    const tl = div('tl');

    const head = div('tl-head');
    head.appendChild(div('lbl', 'time since start \u2192'));
    const axis = div('trk axis');
    axis.setAttribute('title', 'Drag to zoom in; double-click to zoom out');
    const grid = div('grid');
    ticks().forEach((t) => {
      const tick = div('tick', at(Math.round(t)));
      tick.style.left = x(t) + 'px';
      axis.appendChild(tick);
      const line = div();
      line.style.left = x(t) + 'px';
      grid.appendChild(line);
    });
    head.appendChild(axis);
    tl.appendChild(head);

    tl.appendChild(episodeLane());

    const body = div('body');
    body.style.height = offsets[rows.length] + 'px';
    body.appendChild(grid);
    const guide = div('guide');
    guide.hidden = true;
    grid.appendChild(guide);
    const rowBox = div();
    body.appendChild(rowBox);
    tl.appendChild(body);
    if (rows.length === 0) {
      tl.appendChild(div('empty', 'This run made no durable calls.'));
    }
    root.appendChild(tl);

    els = { axis, body, rowBox, guide, first: -1, last: -1 };
    zooming(axis);
    renderRows(true);
  }

  function episodeLane() {
    const lane = div('lane');
    lane.appendChild(div('lbl', 'orchestrator wakes (' + D.episodes.length + ')'));
    const track = div('trk');
    const visible = D.episodes.filter((e) => e[1] >= view.from && e[1] <= view.to);
    if (visible.length <= EPISODE_MARKER_LIMIT) {
      visible.forEach((e) => {
        const m = div('ep');
        m.style.left = x(e[1]) + 'px';
        m.dataset.ep = e[0];
        const lines = [['episode ' + e[0], ''],
          [(e[0] === 0 ? 'run started' : 'orchestrator woke') + ' at ' + at(e[1]), ''],
          [wall(e[1]), '']];
        m.setAttribute('aria-label', flat(lines));
        hover(m, () => lines, e[1]);
        track.appendChild(m);
      });
    } else {
      // Too many wakes to draw one each: one marker per pixel column that has any.
      const columns = new Map();
      visible.forEach((e) => {
        const col = Math.floor(x(e[1]) / 2);
        const c = columns.get(col);
        if (c) { c.last = e; c.n++; } else columns.set(col, { first: e, last: e, n: 1 });
      });
      columns.forEach((c, col) => {
        const m = div('ep many');
        m.style.left = col * 2 + 'px';
        const lines = [
          ['episodes ' + c.first[0] + '\u2013' + c.last[0] + ' (' + c.n + ' wakes)', ''],
          [at(c.first[1]) + ' \u2192 ' + at(c.last[1]), '']];
        m.setAttribute('aria-label', flat(lines));
        hover(m, () => lines, c.first[1]);
        track.appendChild(m);
      });
    }
    if (D.finish && D.finish.t >= view.from && D.finish.t <= view.to) {
      const f = div('finish f-' + D.finish.kind);
      f.style.left = x(D.finish.t) + 'px';
      const lines = [['run ' + D.finish.kind + ' at ' + at(D.finish.t) + ' (episode '
        + D.finish.ep + ')', '']];
      if (D.finish.errorType) {
        lines.push([D.finish.errorType + ': ' + (D.finish.message || ''), 'x']);
      } else if (D.finish.message) {
        lines.push([D.finish.message, '']);
      }
      if (D.finish.next) lines.push(['continued as run ' + D.finish.next, 'v']);
      f.setAttribute('aria-label', flat(lines));
      hover(f, () => lines, D.finish.t);
      track.appendChild(f);
    }
    lane.appendChild(track);
    return lane;
  }

  function hover(node, lines, guideAt) {
    node.addEventListener('mouseenter', (ev) => {
      pinned = false;
      showTip(lines(), ev.clientX, ev.clientY);
      if (guideAt !== undefined && els.guide) {
        els.guide.style.left = x(guideAt) + 'px';
        els.guide.hidden = false;
      }
    });
    node.addEventListener('mousemove', (ev) => {
      if (!pinned) showTip(lines(), ev.clientX, ev.clientY);
    });
    node.addEventListener('mouseleave', () => {
      hideTip();
      if (els.guide) els.guide.hidden = true;
    });
  }

  // Only the rows in and near the window are in the page: a map of ten thousand calls unfolded
  // costs as much to draw as a screenful.
  function renderRows(force) {
    if (!els.body) return;
    const top = els.body.getBoundingClientRect().top;
    const from = -top;
    const to = from + window.innerHeight;
    let first = Math.max(0, search(from) - OVERSCAN);
    let last = Math.min(rows.length, search(to) + 1 + OVERSCAN);
    if (!force && first === els.first && last === els.last) return;
    els.first = first;
    els.last = last;
    els.rowBox.textContent = '';
    for (let i = first; i < last; i++) els.rowBox.appendChild(drawRow(rows[i], i));
  }

  function search(y) {
    let lo = 0;
    let hi = rows.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (offsets[mid + 1] <= y) lo = mid + 1; else hi = mid;
    }
    return lo;
  }

  function drawRow(r, i) {
    const row = div(r.map !== undefined ? 'row maprow' : 'row');
    row.style.top = offsets[i] + 'px';
    row.style.height = r.h + 'px';
    const track = div('trk');
    if (r.map !== undefined) {
      const m = maps[r.map];
      if (expanded[r.map]) row.classList.add('open');
      row.dataset.map = r.map;
      const lbl = div('lbl');
      lbl.appendChild(div('twist', '\u25b8'));
      const name = document.createElement('b');
      name.textContent = 'map g' + r.map + ' \u00b7 ' + m.n + ' \u00d7' + m.size;
      lbl.appendChild(name);
      const sum = document.createElement('span');
      sum.className = 'sum';
      sum.textContent = m.ok + ' ok \u00b7 ' + m.failed + ' failed \u00b7 ' + m.open
        + ' open \u00b7 ' + m.retries + ' retries';
      lbl.appendChild(sum);
      lbl.title = expanded[r.map] ? 'Fold the calls of this map' : 'Show each call of this map';
      lbl.addEventListener('click', () => {
        expanded[r.map] = !expanded[r.map];
        render();
      });
      row.appendChild(lbl);
      drawMapTrack(track, r.map, r.h - 6);
    } else {
      const c = calls[r.call];
      if (r.sub) row.classList.add('sub');
      row.dataset.call = c.i;
      if (focusCall === c.i) row.classList.add('focus');
      const lbl = div('lbl');
      const id = document.createElement('span');
      id.className = 'id';
      id.textContent = c.i > 0 ? '#' + c.i : '\u2022';
      lbl.appendChild(id);
      lbl.appendChild(document.createTextNode(rowName(c)));
      lbl.title = callTitle(c);
      row.appendChild(lbl);
      drawBars(track, c, r.call);
    }
    row.appendChild(track);
    return row;
  }

  function rowName(c) {
    const attempts = c.p.filter((p) => p.k === 'fail' || p.k === 'ok' || p.k === 'running').length;
    const tries = attempts > 1 ? ' (' + attempts + ' attempts)' : '';
    switch (c.k) {
      case 'timer': return c.fireAt !== undefined ? 'timer of ' + dur(c.fireAt - c.s) : 'timer';
      case 'event': return "event '" + c.n + "'";
      case 'child': return "child '" + c.n + "'";
      default: return nameOf(c) + tries;
    }
  }

  function drawBars(track, c, index) {
    if (c.p.length === 0) {
      const dot = div('bar dot k-event');
      dot.style.left = x(c.s) + 'px';
      const lines = details(c, null);
      dot.setAttribute('aria-label', flat(lines));
      hover(dot, () => lines);
      track.appendChild(dot);
      return;
    }
    c.p.forEach((p, pi) => {
      if (p.e < view.from || p.s > view.to) return;
      const left = Math.max(0, x(p.s));
      const right = Math.min(trackWidth, x(p.e));
      const bar = div('bar k-' + p.k + (p.open ? ' open' : ''));
      bar.style.left = left + 'px';
      bar.style.width = Math.max(2, right - left) + 'px';
      bar.dataset.call = c.i;
      bar.dataset.part = pi;
      bar.setAttribute('aria-label', flat(details(c, p)));
      hover(bar, () => details(c, p));
      track.appendChild(bar);
    });
    track.dataset.index = index;
  }

  // ---- zoom -----------------------------------------------------------------------------------

  // One drag at a time; the window listeners are added once, since the axis is redrawn often.
  let drag = null;

  function zooming(axis) {
    axis.addEventListener('mousedown', (ev) => {
      const sel = div('sel');
      sel.style.left = ev.offsetX + 'px';
      sel.style.width = '0px';
      axis.appendChild(sel);
      drag = { axis, sel, start: ev.offsetX };
      ev.preventDefault();
    });
    axis.addEventListener('dblclick', resetZoom);
  }

  window.addEventListener('mousemove', (ev) => {
    if (!drag) return;
    const now = ev.clientX - drag.axis.getBoundingClientRect().left;
    drag.sel.style.left = Math.min(drag.start, now) + 'px';
    drag.sel.style.width = Math.abs(now - drag.start) + 'px';
  });

  window.addEventListener('mouseup', (ev) => {
    if (!drag) return;
    const now = ev.clientX - drag.axis.getBoundingClientRect().left;
    const a = Math.max(0, Math.min(drag.start, now));
    const b = Math.min(trackWidth, Math.max(drag.start, now));
    drag = null;
    if (b - a > 4) {
      const span = view.to - view.from;
      const from = view.from + (a / trackWidth) * span;
      view.to = view.from + (b / trackWidth) * span;
      view.from = from;
    }
    render();
  });

  function resetZoom() {
    view.from = 0;
    view.to = fullSpan();
    render();
  }

  // ---- start ----------------------------------------------------------------------------------

  let focusCall = null;

  function focusFromHash() {
    const m = /call=(\d+)/.exec(location.hash);
    if (!m) return;
    const id = Number(m[1]);
    const index = calls.findIndex((c) => c.i === id);
    if (index < 0) return;
    const c = calls[index];
    if (maps[groupOf(c)]) {
      expanded[groupOf(c)] = true;
      render();
    }
    focusCall = id;
    const r = rows.findIndex((row) => row.call === index);
    const y = els.body.getBoundingClientRect().top + window.scrollY + offsets[r];
    window.scrollTo(0, Math.max(0, y - window.innerHeight / 3));
    renderRows(true);
    // The tooltip opens on the part the address names (#call=3&part=0), else on the last one.
    const bars = els.rowBox.querySelectorAll('.bar[data-call="' + id + '"]');
    const part = /part=(\d+)/.exec(location.hash);
    const chosen = Array.from(bars).find((b) => part && b.dataset.part === part[1])
      || bars[bars.length - 1];
    if (chosen) {
      const box = chosen.getBoundingClientRect();
      showTip(details(c, c.p[Number(chosen.dataset.part)]), box.left + box.width / 2, box.bottom);
      pinned = true;
    }
  }

  document.getElementById('reset-zoom').addEventListener('click', resetZoom);
  document.getElementById('expand-all').addEventListener('click', () => {
    Object.keys(maps).forEach((g) => { expanded[g] = true; });
    render();
  });
  document.getElementById('fold-all').addEventListener('click', () => {
    Object.keys(maps).forEach((g) => { expanded[g] = false; });
    render();
  });

  let pending = false;
  window.addEventListener('scroll', () => {
    if (pending) return;
    pending = true;
    requestAnimationFrame(() => {
      pending = false;
      renderRows(false);
    });
  });
  window.addEventListener('resize', () => render());
  window.addEventListener('hashchange', focusFromHash);
  document.addEventListener('mousedown', () => {
    pinned = false;
    tip.hidden = true;
  });

  render();
  focusFromHash();
  // Read by the browser test, and a measure of what a big run costs to open.
  document.body.dataset.rendered = 'true';
  document.body.dataset.renderMs = String(Math.round(performance.now() - started));
}());
