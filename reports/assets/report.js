(function () {
  'use strict';
  if (performance.mark) performance.mark('signalbox:start');
  var data = JSON.parse(document.getElementById('signalbox-data').textContent);
  if (performance.mark) performance.mark('signalbox:parsed');
  var tests = data.tests;
  var statusText = __STATUS_TEXT__;
  var failing = __FAILING_STATUSES__;
  var tbody = document.getElementById('tests-body');
  var search = document.getElementById('f-search');
  var fStatus = document.getElementById('f-status');
  var fFeature = document.getElementById('f-feature');
  var fSeverity = document.getElementById('f-severity');
  var fOwner = document.getElementById('f-owner');
  var shown = document.getElementById('shown');
  var empty = document.getElementById('tests-empty');
  var rows = new Array(tests.length);
  var haystacks = new Array(tests.length);

  function el(tag, cls, text) {
    var node = document.createElement(tag);
    if (cls) node.className = cls;
    if (text !== undefined) node.textContent = text;
    return node;
  }
  function options(select, values) {
    for (var i = 0; i < values.length; i++) select.appendChild(el('option', null, values[i])).value = values[i];
  }

  // Rows come in blocks of `blockSize`. Small reports build every row at once
  // (browser find sees all of them). In large ones each block skips its style
  // and layout while it is off screen (content-visibility) and builds its rows'
  // content when it nears the viewport, so 10,000 tests open about as fast as a
  // thousand: the browser lays out and watches a hundred blocks, not every row.
  // Filtering and search work on the data.
  var blockSize = 100;
  var rowHeight = 62;
  var lazy = tests.length > 2000 && typeof IntersectionObserver === 'function';
  if (lazy) tbody.className = 'lazy';
  var blocks = [];
  function fill(tr) {
    var i = Number(tr.getAttribute('data-i'));
    var t = tests[i];
    tr.classList.remove('unfilled');
    var res = tr.appendChild(el('div'));
    res.appendChild(el('span', 'pill pill-' + t.status, statusText[t.status] || t.status));
    if (t.flaky) res.appendChild(el('span', 'tag', 'flaky'));
    if (t.quarantined) res.appendChild(el('span', 'tag', 'quarantined'));
    var sev = tr.appendChild(el('div'));
    if (t.severity) sev.appendChild(el('span', 'sev sev-' + t.severity, t.severity));
    var cell = tr.appendChild(el('div', 'test'));
    cell.appendChild(el('div', 'name', t.name));
    cell.appendChild(el('div', 'id', t.id));
    if (t.skipReason) cell.appendChild(el('div', 'note', 'Skipped: ' + t.skipReason));
    if (t.error !== undefined) {
      var details = cell.appendChild(el('details', 'err'));
      details.appendChild(el('summary', null, t.summary || 'error'));
      details.setAttribute('data-i', String(i));
    }
    tr.appendChild(el('div', null, t.feature));
    tr.appendChild(el('div', null, t.owner || '—'));
    tr.appendChild(el('div', 'num', t.duration));
    for (var c = 0; c < tr.children.length; c++) tr.children[c].setAttribute('role', 'cell');
  }
  function fillBlock(block) {
    for (var r = block.first; r < block.end; r++) fill(rows[r]);
  }
  var observer = lazy
    ? new IntersectionObserver(function (entries) {
        for (var e = 0; e < entries.length; e++) {
          if (!entries[e].isIntersecting) continue;
          observer.unobserve(entries[e].target);
          fillBlock(blocks[Number(entries[e].target.getAttribute('data-b'))]);
        }
      }, { rootMargin: '1500px 0px' })
    : null;

  var frag = document.createDocumentFragment();
  var features = {}, owners = {};
  for (var first = 0; first < tests.length; first += blockSize) {
    var block = { node: el('div', 'tblock'), first: first, end: Math.min(first + blockSize, tests.length), sized: false };
    block.node.setAttribute('role', 'none');
    block.node.setAttribute('data-b', String(blocks.length));
    for (var i = block.first; i < block.end; i++) {
      var t = tests[i];
      features[t.feature] = true;
      if (t.owner) owners[t.owner] = true;
      var tr = el('div', observer ? 'trow unfilled st-' + t.status : 'trow st-' + t.status);
      tr.setAttribute('role', 'row');
      tr.setAttribute('data-i', String(i));
      rows[i] = tr;
      haystacks[i] = (t.id + '\n' + t.feature + '\n' + t.owner + '\n' + (t.summary || '') + '\n' + (t.skipReason || '')).toLowerCase();
      block.node.appendChild(tr);
    }
    // The first block is built at once, so the first paint shows tests.
    if (!observer || blocks.length === 0) fillBlock(block);
    else observer.observe(block.node);
    blocks.push(block);
    frag.appendChild(block.node);
  }
  if (performance.mark) performance.mark('signalbox:built');
  tbody.appendChild(frag);
  options(fFeature, Object.keys(features).sort());
  options(fOwner, Object.keys(owners).sort());

  // Error bodies are built on first open: most are never read.
  tbody.addEventListener('toggle', function (event) {
    var details = event.target;
    if (!details.open || details.getAttribute('data-filled')) return;
    var t = tests[Number(details.getAttribute('data-i'))];
    details.setAttribute('data-filled', '1');
    details.appendChild(el('pre', null, t.error));
    if (t.annotations.length) {
      var list = details.appendChild(el('ul', 'ann'));
      for (var a = 0; a < t.annotations.length; a++) list.appendChild(el('li', null, t.annotations[a][0] + ': ' + t.annotations[a][1]));
    }
  }, true);

  function matchesStatus(t, wanted) {
    if (!wanted) return true;
    if (wanted === 'failing') return failing.indexOf(t.status) !== -1;
    if (wanted === 'flaky') return t.flaky;
    if (wanted === 'quarantined') return t.quarantined;
    return t.status === wanted;
  }
  var controls = { status: fStatus, feature: fFeature, severity: fSeverity, owner: fOwner, q: search };
  function apply() {
    var q = search.value.trim().toLowerCase();
    var status = fStatus.value, feature = fFeature.value, severity = fSeverity.value, owner = fOwner.value;
    var count = 0;
    for (var b = 0; b < blocks.length; b++) {
      var block = blocks[b], inBlock = 0, changed = false;
      for (var i = block.first; i < block.end; i++) {
        var t = tests[i];
        var show = matchesStatus(t, status) &&
          (!feature || t.feature === feature) &&
          (!severity || (severity === 'none' ? !t.severity : t.severity === severity)) &&
          (!owner || t.owner === owner) &&
          (!q || haystacks[i].indexOf(q) !== -1);
        if (rows[i].hidden === show) {
          rows[i].hidden = !show;
          changed = true;
        }
        if (show) inBlock++;
      }
      count += inBlock;
      if (block.sized && !changed) continue;
      // Off screen, a block is as tall as the rows it shows at a row's height. At first it
      // then keeps the height it is seen at ('auto'); once a filter has changed its rows, that
      // height is no longer theirs.
      if (lazy) block.node.style.containIntrinsicHeight = (block.sized ? '' : 'auto ') + inBlock * rowHeight + 'px';
      block.node.hidden = inBlock === 0;
      block.sized = true;
    }
    shown.textContent = 'Showing ' + count + ' of ' + tests.length + ' tests';
    empty.hidden = count !== 0;
    var state = [];
    for (var key in controls) if (controls[key].value) state.push(key + '=' + encodeURIComponent(controls[key].value));
    try { history.replaceState(null, '', state.length ? '#' + state.join('&') : location.pathname + location.search); } catch (e) {}
  }
  function restore() {
    var hash = location.hash.slice(1).split('&');
    for (var i = 0; i < hash.length; i++) {
      var pair = hash[i].split('=');
      var control = controls[pair[0]];
      if (control && pair.length === 2) { try { control.value = decodeURIComponent(pair[1]); } catch (e) {} }
    }
  }
  var timer = 0;
  search.addEventListener('input', function () { clearTimeout(timer); timer = setTimeout(apply, 120); });
  [fStatus, fFeature, fSeverity, fOwner].forEach(function (select) { select.addEventListener('change', apply); });
  document.getElementById('f-reset').addEventListener('click', function () {
    search.value = ''; fStatus.value = ''; fFeature.value = ''; fSeverity.value = ''; fOwner.value = ''; apply();
  });
  var cards = document.querySelectorAll('[data-filter]');
  for (var c = 0; c < cards.length; c++) {
    cards[c].addEventListener('click', function () {
      var parts = this.getAttribute('data-filter').split('=');
      controls[parts[0]].value = parts[1];
      apply();
      document.getElementById('tests-section').scrollIntoView({ block: 'start' });
    });
  }
  document.addEventListener('keydown', function (event) {
    if (event.key === '/' && document.activeElement !== search) { event.preventDefault(); search.focus(); }
  });
  restore();
  apply();
  document.documentElement.setAttribute('data-rendered', 'true');
  if (performance.mark) performance.mark('signalbox:rendered');
})();
