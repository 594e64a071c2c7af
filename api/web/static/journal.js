// The class journal grid: move with the arrow keys, type a mark or an attendance letter and press
// Enter to save at once (no page reload); Enter on a cell opens the full form (kind, comment,
// reason, delete with a reason, history). Every request carries the page's CSRF token.
'use strict';
(() => {
  const table = document.getElementById('journal');
  if (!table) return;
  const status = document.getElementById('journal-status');
  const dialog = document.getElementById('cell-dialog');
  const dialogBody = document.getElementById('cell-dialog-body');
  const quickKind = document.getElementById('quick-kind');
  const headers = JSON.parse(document.body.getAttribute('hx-headers') || '{}');
  const token = headers['x-csrf-token'] || '';
  const base = table.dataset.base;
  const msg = table.dataset;
  let active = null;

  const period = () => {
    const p = {};
    if (table.dataset.termId) p.termId = table.dataset.termId;
    if (table.dataset.from) p.from = table.dataset.from;
    if (table.dataset.to) p.to = table.dataset.to;
    return p;
  };
  const rows = () => Array.from(table.tBodies[0].rows);
  const cellsOf = (row) => Array.from(row.querySelectorAll('td.cell'));
  const where = (td) => {
    const row = td.closest('tr');
    return { row, r: rows().indexOf(row), c: cellsOf(row).indexOf(td) };
  };
  const pupilOf = (td) => td.closest('tr').dataset.pupilId;

  const say = (text, ok) => {
    status.textContent = text;
    status.className = 'status-line ' + (ok ? 'ok' : 'bad');
  };

  const focusCell = (td) => {
    if (!td) return;
    if (active && active !== td) active.tabIndex = -1;
    td.tabIndex = 0;
    td.focus();
    active = td;
  };

  const move = (td, dr, dc) => {
    const { r, c } = where(td);
    const all = rows();
    const row = all[Math.max(0, Math.min(all.length - 1, r + dr))];
    const cells = cellsOf(row);
    focusCell(cells[Math.max(0, Math.min(cells.length - 1, c + dc))]);
  };

  const problemText = async (res) => {
    try {
      const p = await res.json();
      if (p.detail) return { text: p.detail, code: p.code };
      if (p.errors && p.errors.length)
        return { text: p.errors.map((e) => e.message).join(' '), code: p.code };
      return { text: p.title || msg.msgFailed, code: p.code };
    } catch {
      return { text: msg.msgFailed, code: null };
    }
  };

  const send = async (path, params, method) => {
    const res = await fetch(base + '/' + path, {
      method: method || 'POST',
      credentials: 'same-origin',
      headers: {
        'x-csrf-token': token,
        accept: 'application/json',
        'content-type': 'application/x-www-form-urlencoded',
      },
      body: new URLSearchParams({ ...period(), ...params }),
    });
    if (res.status === 401) {
      window.location.assign(res.headers.get('HX-Redirect') || '/login?expired=1');
      throw new Error('signed out');
    }
    if (!res.ok) {
      const problem = await problemText(res);
      const error = new Error(problem.text);
      error.code = problem.code;
      throw error;
    }
    return res.json();
  };

  const replaceRow = (pupilId, html, column) => {
    const old = table.querySelector('tr[data-pupil-id="' + pupilId + '"]');
    if (!old || !html) return null;
    const template = document.createElement('template');
    template.innerHTML = html.trim();
    const row = template.content.firstElementChild;
    old.replaceWith(row);
    const td = cellsOf(row)[column];
    if (td) {
      td.classList.add('saved');
      setTimeout(() => td.classList.remove('saved'), 1500);
    }
    return td;
  };

  /** What a typed entry means: a mark, an attendance status, or a final mark. */
  const parse = (raw, isFinal) => {
    const t = raw.trim().toLowerCase().replace(/\s+/g, '');
    if (/^\d{1,3}$/.test(t)) return isFinal ? { final: { value: t } } : { mark: t };
    if (isFinal) {
      if (/^(н\/?а|n\/?a)$/.test(t)) return { final: { result: 'NOT_ASSESSED' } };
      if (/^(бош|осв\.?|exempt)$/.test(t)) return { final: { result: 'EXEMPT' } };
      return null;
    }
    if (/^(н|кж|n|a)$/.test(t)) return { status: 'ABSENT' };
    const late = /^(оп|кеч|l)(\d{1,3})?$/.exec(t);
    if (late) return { status: 'LATE', lateMinutes: late[2] || '' };
    if (/^(у|с|e)$/.test(t)) return { status: 'EXCUSED' };
    if (t === '+') return { status: 'PRESENT' };
    return null;
  };

  const save = async (td, entry) => {
    const { c } = where(td);
    const pupilId = pupilOf(td);
    const lessonId = td.dataset.lessonId;
    say(msg.msgSaving, true);
    let data;
    if (entry.mark)
      data = await send('marks', { lessonId, pupilId, value: entry.mark, kind: quickKind.value });
    else if (entry.final)
      data = await send('finals', { pupilId, termId: table.dataset.termId, ...entry.final });
    else
      data = await send('attendance', {
        lessonId,
        pupilId,
        status: entry.status,
        lateMinutes: entry.lateMinutes || '',
      });
    const fresh = replaceRow(pupilId, data.row, c);
    say(data.message || msg.msgSaved, true);
    return fresh;
  };

  const startEdit = (td, initial) => {
    const before = td.innerHTML;
    const input = document.createElement('input');
    input.className = 'inline-edit';
    input.value = initial;
    input.setAttribute('aria-label', msg.msgEntry || '');
    td.replaceChildren(input);
    input.focus();
    let done = false;
    const cancel = () => {
      if (done) return;
      done = true;
      td.innerHTML = before;
    };
    input.addEventListener('blur', cancel);
    input.addEventListener('keydown', async (event) => {
      event.stopPropagation();
      if (event.key === 'Escape') {
        cancel();
        focusCell(td);
        return;
      }
      if (event.key !== 'Enter' && event.key !== 'Tab') return;
      event.preventDefault();
      const entry = parse(input.value, td.dataset.final === '1');
      done = true;
      td.innerHTML = before;
      if (!entry) {
        td.classList.add('failed');
        say(msg.msgUnknown || msg.msgFailed, false);
        focusCell(td);
        return;
      }
      try {
        const fresh = await save(td, entry);
        if (fresh) {
          active = null;
          focusCell(fresh);
          move(fresh, 1, 0);
        }
      } catch (error) {
        td.classList.add('failed');
        setTimeout(() => td.classList.remove('failed'), 3000);
        say(error.message, false);
        focusCell(td);
      }
    });
  };

  const openDialog = async (td) => {
    if (td.dataset.final === '1') return startEdit(td, '');
    const query = new URLSearchParams({
      lessonId: td.dataset.lessonId,
      pupilId: pupilOf(td),
      kind: quickKind.value,
    });
    const res = await fetch(base + '/cell?' + query.toString(), {
      credentials: 'same-origin',
      headers: { accept: 'application/json, text/html' },
    });
    if (!res.ok) {
      say((await problemText(res)).text, false);
      return;
    }
    dialogBody.innerHTML = await res.text();
    dialog.dataset.lessonId = td.dataset.lessonId;
    dialog.dataset.pupilId = pupilOf(td);
    dialog.dataset.column = String(where(td).c);
    dialog.showModal();
    const first = dialogBody.querySelector('input:not([type=hidden]), select');
    if (first) first.focus();
  };

  dialog.addEventListener('close', () => {
    if (active) active.focus();
  });
  dialogBody.addEventListener('click', (event) => {
    if (event.target.closest('[data-dialog-close]')) dialog.close();
  });
  dialogBody.addEventListener('submit', async (event) => {
    const form = event.target.closest('form[data-journal-form]');
    if (!form) return;
    event.preventDefault();
    const params = Object.fromEntries(new FormData(form).entries());
    const error = dialogBody.querySelector('[data-dialog-error]');
    try {
      const data = await send(form.getAttribute('action'), {
        lessonId: dialog.dataset.lessonId,
        pupilId: dialog.dataset.pupilId,
        ...params,
      });
      const fresh = replaceRow(dialog.dataset.pupilId, data.row, Number(dialog.dataset.column));
      if (fresh) active = fresh;
      say(data.message || msg.msgSaved, true);
      dialog.close();
    } catch (e) {
      error.textContent = e.message;
      error.hidden = false;
    }
  });

  table.addEventListener('click', (event) => {
    const td = event.target.closest('td.cell');
    if (td && !event.target.closest('input')) focusCell(td);
  });
  table.addEventListener('dblclick', (event) => {
    const td = event.target.closest('td.cell');
    if (td) openDialog(td);
  });
  table.addEventListener('keydown', (event) => {
    const td = event.target.closest('td.cell');
    if (!td || event.target !== td) return;
    const moves = { ArrowUp: [-1, 0], ArrowDown: [1, 0], ArrowLeft: [0, -1], ArrowRight: [0, 1] };
    if (moves[event.key]) {
      event.preventDefault();
      move(td, moves[event.key][0], moves[event.key][1]);
    } else if (event.key === 'Enter' || event.key === 'Delete' || event.key === 'Backspace') {
      event.preventDefault();
      openDialog(td);
    } else if (event.key.length === 1 && !event.ctrlKey && !event.metaKey && !event.altKey) {
      event.preventDefault();
      startEdit(td, event.key);
    }
  });

  const first = table.querySelector('td.cell');
  if (first) first.tabIndex = 0;
  active = first;
})();
