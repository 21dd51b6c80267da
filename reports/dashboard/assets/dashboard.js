// The dashboard's one page script, served from /assets so that the pages'
// CSP can forbid every inline script. It builds nodes with textContent only:
// no text from a run or a request ever reaches an HTML parser.
;(() => {
  const page = document.body.dataset.page

  /** An element with a class and text. */
  function node(tag, className, text) {
    const element = document.createElement(tag)
    if (className) element.className = className
    if (text !== undefined) element.textContent = String(text)
    return element
  }

  function pageData() {
    const block = document.getElementById('page-data')
    return block ? JSON.parse(block.textContent) : undefined
  }

  // Filter forms apply as soon as a choice changes; without script they apply on submit.
  for (const select of document.querySelectorAll('form.filters select')) {
    select.addEventListener('change', () => select.form.requestSubmit())
  }

  if (page === 'verdict') signoffForm()
  if (page === 'live') liveRun()

  /** The verdict page's sign-off: posts with the pasted token, which is never kept. */
  function signoffForm() {
    const form = document.getElementById('signoff-form')
    if (!form) return
    const result = form.querySelector('.form-result')
    form.addEventListener('submit', async (event) => {
      event.preventDefault()
      const fields = new FormData(form)
      const token = String(fields.get('token') || '').trim()
      const body = { gate: form.dataset.gate, by: String(fields.get('by') || '').trim() }
      const notes = String(fields.get('notes') || '').trim()
      if (notes) body.notes = notes
      result.textContent = 'Signing off…'
      try {
        const response = await fetch(`/api/runs/${encodeURIComponent(form.dataset.run)}/signoffs`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
          body: JSON.stringify(body),
        })
        if (response.ok) {
          form.reset()
          location.reload()
          return
        }
        const answer = await response.json().catch(() => ({}))
        result.textContent = `Refused (${response.status}): ${answer.message || response.statusText}`
      } catch (error) {
        result.textContent = `Could not reach the dashboard: ${error.message}`
      }
    })
  }

  const statusText = {
    passed: 'passed',
    failed: 'failed',
    errored: 'errored',
    timedOut: 'timed out',
    skipped: 'skipped',
  }
  const failing = new Set(['failed', 'errored', 'timedOut'])
  const severityOrder = ['SEV0', 'SEV1', 'SEV2', 'SEV3']

  function duration(ms) {
    return ms < 1000 ? `${Math.round(ms)} ms` : `${(ms / 1000).toFixed(1)} s`
  }

  /** The live page: the run's events so far, then each as it comes. */
  function liveRun() {
    const data = pageData()
    const element = (id) => document.getElementById(id)
    const state = element('live-state')
    const progress = element('live-progress')
    const tests = element('live-tests')
    const findings = element('live-findings')
    const counts = { finished: 0, failed: 0, found: 0, selected: undefined }
    const running = new Set()

    function showProgress() {
      const total = counts.selected ?? counts.found
      element('live-total').textContent = total > 0 ? String(total) : '?'
      element('live-finished').textContent = String(counts.finished)
      element('live-failed').textContent = String(counts.failed)
      element('live-running').textContent = String(running.size)
      progress.max = Math.max(total, counts.finished, 1)
      progress.value = counts.finished
    }

    function addTest(result) {
      const item = node('li', 'live-test')
      item.append(node('span', `status status-${result.status}`, statusText[result.status]))
      const name = node('a', 'name', result.name)
      name.href = `/tests?id=${encodeURIComponent(result.id)}`
      item.append(
        name,
        node(
          'span',
          'muted',
          ` ${result.feature} · ${result.owner || 'no owner'} · ${duration(result.durationMs)}`,
        ),
      )
      item.append(node('span', 'id', result.id))
      if (result.error && failing.has(result.status)) {
        item.append(node('div', 'error-line', result.error.message.split('\n')[0]))
      }
      tests.prepend(item)
    }

    function addFinding(message) {
      if (message.findings.length === 0) return
      const worst = severityOrder.find((severity) =>
        message.findings.some((finding) => finding.severity === severity),
      )
      const item = node('li', 'live-finding')
      item.append(node('span', `sev sev-${worst}`, worst), node('span', 'name', message.testId))
      for (const finding of message.findings) {
        item.append(
          node('div', 'muted', `${finding.gate}: ${finding.severity} (${finding.classifiedBy})`),
        )
      }
      findings.prepend(item)
      element('live-no-findings').hidden = true
    }

    function showHealth(checks) {
      const list = element('live-health')
      list.replaceChildren()
      for (const check of checks) {
        const item = node('li')
        item.append(node('span', `state ${check.ok ? 'good' : 'bad'}`, check.ok ? 'ok' : 'failed'))
        item.append(node('span', '', ` ${check.chain} · ${check.check} · ${check.detail}`))
        list.append(item)
      }
    }

    function showVerdicts(verdicts) {
      const box = element('live-verdicts')
      for (const verdict of verdicts) {
        const card = node('article', `verdict verdict-${verdict.decision}`)
        const head = node('div', 'verdict-head')
        head.append(
          node('span', 'gate', verdict.gate),
          node('span', `decision decision-${verdict.decision}`, verdict.decision),
        )
        card.append(
          head,
          node(
            'div',
            'counts',
            severityOrder.map((severity) => `${severity} ${verdict.counts[severity]}`).join(' · '),
          ),
        )
        for (const reason of verdict.reasons) card.append(node('div', 'muted', reason.message))
        box.append(card)
      }
    }

    const handlers = {
      'devnet-ready': (message) => {
        element('live-devnet').textContent = message.devnet.name
      },
      'health-checked': (message) => showHealth(message.checks),
      'suites-started': (message) => {
        counts.selected = message.selected
      },
      'tests-found': (message) => {
        counts.found += message.count
      },
      'test-started': (message) => running.add(message.test.id),
      'test-finished': (message) => {
        running.delete(message.result.id)
        counts.finished++
        if (failing.has(message.result.status)) counts.failed++
        addTest(message.result)
      },
      'finding-classified': addFinding,
      'run-finished': (message) => {
        running.clear()
        showVerdicts(message.results.verdicts)
      },
    }

    const scheme = location.protocol === 'https:' ? 'wss:' : 'ws:'
    const socket = new WebSocket(`${scheme}//${location.host}${data.socketPath}`)
    socket.addEventListener('open', () => {
      state.textContent = 'Live'
    })
    socket.addEventListener('message', (event) => {
      const message = JSON.parse(event.data)
      handlers[message.type]?.(message)
      showProgress()
    })
    socket.addEventListener('close', (event) => {
      state.replaceChildren()
      if (event.code === 1000 || event.code === 4404) {
        state.append(event.code === 1000 ? 'Finished. ' : 'This run is not live. ')
        const link = node('a', '', 'See the stored run')
        link.href = data.runPath
        state.append(link)
      } else if (event.code === 4410) {
        state.textContent = 'The run stopped streaming before it finished.'
      } else {
        state.textContent = `Disconnected (${event.code}${event.reason ? `: ${event.reason}` : ''}); reload to reconnect.`
      }
    })
  }
})()
