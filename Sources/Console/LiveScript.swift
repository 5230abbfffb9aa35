/// The live page's only script: it follows `/runs/ID/stream` (Server-Sent Events) and redraws the figures, steps,
/// chart, lane map and events from each update; when the run stops being live it reloads the page for the verdict.
enum LiveScript {
    static func source(runID: String) -> String {
        let streamURL = "/runs/\(runID)/stream"
        return """
            (function(){
            const $ = (id) => document.getElementById(id);
            const esc = (t) => String(t).replace(/[&<>"']/g, (c) => ({'&':'&amp;','<':'&lt;','>':'&gt;','"':'&quot;',"'":'&#39;'}[c]));
            const c = (v) => (v === null || v === undefined) ? '—' : Number(v).toFixed(1) + ' °C';
            const t = (v) => v ? String(v).replace('T', ' ') : '—';
            const d = (s) => { if (s === null || s === undefined) return '—'; s = Math.round(s);
              if (s >= 3600) return Math.floor(s/3600) + ' h ' + String(Math.floor(s%3600/60)).padStart(2,'0') + ' min';
              if (s >= 60) return Math.floor(s/60) + ' min ' + (s%60) + ' s'; return s + ' s'; };
            function chart(points) {
              const svg = $('chart'); if (!svg || points.length === 0) return;
              const vals = []; points.forEach(p => { if (p.air_celsius != null) vals.push(p.air_celsius); if (p.dut_celsius != null) vals.push(p.dut_celsius); });
              if (vals.length === 0) return;
              const t0 = Date.parse(points[0].time), span = Math.max((Date.parse(points[points.length-1].time) - t0) / 1000, 1);
              const low = Math.min(...vals) - 1, range = Math.max(Math.max(...vals) + 1 - low, 1), W = \(TemperatureChart.width), H = \(TemperatureChart.height);
              const line = (key) => points.filter(p => p[key] != null).map(p =>
                ((Date.parse(p.time) - t0) / 1000 / span * (W - 60) + 50).toFixed(1) + ',' + (H - 20 - (p[key] - low) / range * (H - 40)).toFixed(1)).join(' ');
              if (!$('air-line')) { svg.innerHTML = '<polyline id="air-line" fill="none" stroke="#1f77b4" stroke-width="1.5"/><polyline id="dut-line" fill="none" stroke="#d62728" stroke-width="1.5"/>'; }
              $('air-line').setAttribute('points', line('air_celsius')); $('dut-line').setAttribute('points', line('dut_celsius'));
              if ($('chart-high')) { $('chart-high').textContent = (low + range).toFixed(1); $('chart-low').textContent = low.toFixed(1); }
            }
            function update(r) {
              const s = r.summary, p = s.progress;
              $('state').textContent = s.state; $('state').className = 'state ' + s.state;
              if (p) { $('step').textContent = p.step_name || '—'; $('phase').textContent = p.phase; $('air').textContent = c(p.air_celsius);
                $('dut').textContent = c(p.dut_celsius); $('setpoint').textContent = c(p.setpoint_celsius);
                $('remaining').textContent = d(p.remaining_seconds); $('eta').textContent = t(p.eta); }
              $('steps').innerHTML = r.steps.map(x => '<tr class="step-' + esc(x.status) + '"><td>' + (x.index + 1) + '</td><td>' + esc(x.name) +
                '</td><td>' + esc(x.status) + '</td><td>' + x.attempt + '</td></tr>').join('');
              const l = r.lanes;
              $('lane-figures').textContent = (l.step_index != null ? 'step ' + (l.step_index + 1) + ': ' : '') + l.decided + ' of ' + l.lanes.length +
                ' lanes decided, ' + l.failed + ' failed, ' + l.remapped + ' remapped to spares';
              $('lanes').innerHTML = l.lanes.map((x, i) => '<span class="lane ' + x + '" title="lane ' + i + ': ' + x + '"></span>').join('');
              $('events').innerHTML = r.events.map(e => '<li class="ev-' + esc(e.kind) + '">' + t(e.time) + ' <b>' + esc(e.kind) + '</b> ' + esc(e.message) + '</li>').join('');
              chart(r.temperatures);
              document.body.dataset.change = r.change;
              if (!p || s.state !== 'live') { source.close(); setTimeout(() => location.reload(), 300); }
            }
            const source = new EventSource('\(streamURL)');
            source.addEventListener('update', (e) => update(JSON.parse(e.data)));
            source.addEventListener('gone', (e) => { source.close(); $('state').textContent = 'gone'; $('live').insertAdjacentHTML('beforebegin', '<p class="error">' + esc(JSON.parse(e.data).message) + '</p>'); });
            })();
            """
    }
}
