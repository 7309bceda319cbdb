/// <reference lib="dom" />
/**
 * The sandbox page: a small Slack as one person sees it, drawn from GET /sandbox/api/state and acting through
 * the other /sandbox/api/* calls. No framework; every string from the app or a person goes in as text.
 */
import { commonReactions, emoji, emojiOf } from '../emoji.ts';
import { type BlockContext, collectValues, renderBlocks } from './blocks.ts';
import { h, mrkdwn, type Names } from './dom.ts';
import { type UploadedFile, uploadsSettled } from './file-input.ts';

type Json = Record<string, any>;

declare const SANDBOX_MANIFEST: {
  commands: { name: string; description: string; usageHint: string }[];
  shortcuts: { callbackId: string; type: 'message' | 'global'; name: string; description: string }[];
};

const ui = {
  user: localStorage.getItem('sandbox.user') ?? 'U_REPORTER',
  channel: 'C_BUGS',
  view: 'channel' as 'channel' | 'home',
  thread: undefined as string | undefined,
  log: false,
  errors: {} as Record<string, string>,
};
let data: Json | undefined;
const drawn = new Map<string, string>();

async function api(name: string, body: Json = {}): Promise<Json> {
  const response = await fetch(`/sandbox/api/${name}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ user: ui.user, ...body }) });
  const answer = (await response.json()) as Json;
  void refresh();
  return answer;
}

const names: Names = {
  user: (id) => data?.people.find((p: Json) => p.id === id)?.real_name ?? (id.startsWith('UBOT') ? 'Shortlist' : id),
  channel: (id) => data?.channels.find((c: Json) => c.id === id)?.name ?? id,
};

const channelLabel = (id: string) => (id.startsWith('D') ? 'Shortlist' : `#${names.channel(id)}`);

// The page's regions; each is redrawn only when what it shows changed.
const sidebar = h('nav', { 'aria-label': 'Channels' });
const title = h('h2');
const list = h('div', { class: 'list', role: 'log', 'aria-label': 'Messages' });
const composer = composerOf('main');
const main = h('main', {}, h('header', {}, title, h('button', { type: 'button', id: 'shortcuts', 'aria-haspopup': 'menu' }, 'Shortcuts'), h('button', { type: 'button', id: 'show-log' }, 'Slack API log'), h('button', { type: 'button', id: 'reset' }, 'Reset sandbox')), list, composer.root);
const threadPane = h('aside', { 'aria-label': 'Thread', hidden: true });
const threadList = h('div', { class: 'list' });
const threadComposer = composerOf('thread');
threadPane.append(h('header', {}, h('h2', {}, 'Thread'), h('button', { type: 'button', id: 'close-thread' }, 'Close thread')), threadList, threadComposer.root);
const logPane = h('aside', { 'aria-label': 'Slack API log', hidden: true });
const logList = h('div', { class: 'list log' });
logPane.append(h('header', {}, h('h2', {}, 'Slack API log')), logList);
const modalRoot = h('div');
document.body.append(sidebar, main, threadPane, logPane, modalRoot);

function composerOf(where: 'main' | 'thread') {
  const box = h('textarea', { rows: '2' });
  const suggestions = h('ul', { role: 'listbox', hidden: true, 'aria-label': 'Commands' });
  const root = h('div', { class: 'composer' }, suggestions, box);
  const suggest = () => {
    const text = box.value;
    const matching = where === 'main' && text.startsWith('/') && !text.includes(' ') ? SANDBOX_MANIFEST.commands.filter((c) => c.name.startsWith(text)) : [];
    suggestions.replaceChildren(...matching.map((c) => {
      const item = h('li', { role: 'option' }, c.name, h('small', {}, `${c.usageHint}  ${c.description}`));
      item.addEventListener('mousedown', (event) => {
        event.preventDefault();
        box.value = `${c.name} `;
        suggest();
        box.focus();
      });
      return item;
    }));
    suggestions.hidden = matching.length === 0;
  };
  box.addEventListener('input', suggest);
  box.addEventListener('keydown', (event) => {
    if (event.key !== 'Enter' || event.shiftKey) return;
    event.preventDefault();
    const text = box.value.trim();
    if (!text) return;
    box.value = '';
    suggest();
    if (where === 'main' && text.startsWith('/')) void api('command', { channel: ui.channel, text });
    else void api('message', { channel: ui.channel, text, thread_ts: where === 'thread' ? ui.thread : undefined });
  });
  return { root, box };
}

/** A file picked in a modal, to the stand-in's file store; the refusal's reason when it is refused. */
async function upload(file: File): Promise<UploadedFile> {
  const query = new URLSearchParams({ user: ui.user, name: file.name });
  const response = await fetch(`/sandbox/api/upload?${query}`, { method: 'POST', headers: { 'content-type': file.type || 'application/octet-stream' }, body: file });
  const answer = (await response.json()) as Json;
  if (!answer.ok) throw new Error(String(answer.error));
  return answer.file as UploadedFile;
}

function context(where: Json, errors?: Record<string, string>): BlockContext {
  return { names, people: data?.people ?? [], channels: data?.channels.filter((c: Json) => c.kind === 'channel') ?? [], errors, upload, act: (action) => void api('action', { ...where, action }) };
}

/** Slack's emoji picker, small: a few favourites and a name box; a name the sandbox does not know is refused with why. */
function reactionPicker(message: Json): HTMLElement {
  const note = h('p', { class: 'error', role: 'alert', hidden: true });
  const react = (name: string) =>
    void api('reaction', { channel: message.channel, ts: message.ts, name }).then((answer) => {
      if (answer.ok) return picker.remove();
      note.hidden = false;
      note.textContent = String(answer.error);
    });
  const choices = commonReactions.map((name) => {
    const choice = h('button', { type: 'button', 'aria-label': `:${name}:`, title: name }, emoji[name]!);
    choice.addEventListener('click', () => react(name));
    return choice;
  });
  const box = h('input', { type: 'text', 'aria-label': 'Emoji name', placeholder: 'or type a name, e.g. bug' });
  box.addEventListener('keydown', (event) => {
    if (event.key === 'Escape') picker.remove();
    if (event.key !== 'Enter') return;
    event.preventDefault();
    if (box.value.trim()) react(box.value.trim());
  });
  const picker = h('div', { role: 'dialog', 'aria-label': 'Add reaction', class: 'picker' }, h('div', { class: 'choices' }, ...choices), box, note);
  return picker;
}

/** A message's reactions, as Slack shows them: the emoji (the name when it has none), the count, who; pressing one adds or takes back yours. */
function reactionsOf(message: Json): HTMLElement | undefined {
  if (!message.reactions?.length) return undefined;
  return h('div', { class: 'reactions' }, ...message.reactions.map((r: Json) => {
    const who = r.users.map(names.user).join(', ');
    const mine = r.users.includes(ui.user);
    const pill = h('button', { type: 'button', 'aria-pressed': mine ? 'true' : 'false', 'aria-label': `:${r.name}: ${r.count}, ${who}`, title: `:${r.name}: ${who}` }, `${emojiOf(r.name) ?? `:${r.name}:`} ${r.count}`);
    pill.addEventListener('click', () => void api('reaction', { channel: message.channel, ts: message.ts, name: r.name, remove: mine }));
    return pill;
  }));
}

function messageMenu(message: Json): HTMLElement {
  const toggle = h('button', { type: 'button', 'aria-haspopup': 'menu', 'aria-label': 'Message actions' }, '⋯');
  const menu = h('div', { role: 'menu', hidden: true });
  const item = (label: string, run: () => void) => {
    const button = h('button', { type: 'button', role: 'menuitem' }, label);
    button.addEventListener('click', () => {
      menu.hidden = true;
      run();
    });
    return button;
  };
  for (const shortcut of SANDBOX_MANIFEST.shortcuts.filter((s) => s.type === 'message')) {
    menu.append(item(shortcut.name, () => void api('shortcut', { callback_id: shortcut.callbackId, channel: message.channel, message_ts: message.ts })));
  }
  menu.append(item('Add reaction', () => {
    root.querySelector('.picker')?.remove();
    const picker = reactionPicker(message);
    root.append(picker);
    picker.querySelector('button')?.focus();
  }));
  menu.append(item('Reply in thread', () => openThread(message.ts)));
  toggle.addEventListener('click', () => {
    menu.hidden = !menu.hidden;
  });
  const root = h('div', { class: 'menu' }, toggle, menu);
  return root;
}

function messageOf(message: Json, inThread: boolean): HTMLElement {
  const ephemeral = message.type !== 'message';
  const when = new Date(Number(String(message.ts).split('.')[0]) * 1000);
  const body = message.blocks?.length ? renderBlocks(message.blocks, context({ channel: message.channel, ts: message.ts, ephemeral })) : mrkdwn(String(message.text ?? ''), names);
  const replies = inThread ? [] : (data?.messages[message.channel] ?? []).filter((m: Json) => m.thread_ts === message.ts && m.ts !== message.ts);
  const article = h('article', { class: ephemeral ? 'message ephemeral' : 'message', 'data-ts': message.ts },
    h('span', { class: 'who' }, names.user(message.user ?? '')),
    h('time', {}, when.toLocaleTimeString()),
    message.edited ? h('small', {}, ' (edited)') : undefined,
    ephemeral ? h('span', { class: 'only' }, 'Only visible to you') : undefined,
    h('div', { class: 'body' }, body),
    reactionsOf(message),
    ephemeral ? undefined : messageMenu(message));
  if (replies.length > 0) {
    const link = h('button', { type: 'button', class: 'replies' }, `${replies.length} ${replies.length === 1 ? 'reply' : 'replies'}`);
    link.addEventListener('click', () => openThread(message.ts));
    article.append(link);
  }
  return article;
}

function openThread(ts: string): void {
  ui.thread = ts;
  draw();
}

/** Redraws `region` from `build` only when `key`'s content changed (so typing and open menus survive polling). */
function redraw(key: string, content: unknown, run: () => void): void {
  const text = JSON.stringify(content);
  if (drawn.get(key) === text) return;
  drawn.set(key, text);
  run();
}

function drawSidebar(): void {
  redraw('sidebar', [ui.user, ui.channel, ui.view, data?.channels, data?.people], () => {
    const select = h('select', { id: 'person' }, ...data!.people.map((p: Json) => h('option', { value: p.id, selected: p.id === ui.user }, `${p.real_name} (${p.role})`)));
    select.addEventListener('change', () => {
      ui.user = select.value;
      localStorage.setItem('sandbox.user', ui.user);
      ui.thread = undefined;
      void refresh();
    });
    const go = (label: string, current: boolean, run: () => void) => {
      const button = h('button', { type: 'button', 'aria-current': current ? 'true' : 'false' }, label);
      button.addEventListener('click', run);
      return button;
    };
    const home = go('Home', ui.view === 'home', () => {
      ui.view = 'home';
      void api('home');
    });
    const channels = data!.channels.map((c: Json) => go(c.kind === 'dm' ? 'Shortlist (DM)' : `# ${c.name}`, ui.view === 'channel' && ui.channel === c.id, () => {
      ui.view = 'channel';
      ui.channel = c.id;
      ui.thread = undefined;
      draw();
    }));
    sidebar.replaceChildren(h('h1', {}, 'Shortlist sandbox'), h('label', { for: 'person' }, 'You are'), select, h('h2', {}, 'Apps'), home, h('h2', {}, 'Channels'), ...channels);
  });
}

function drawMain(): void {
  const ephemerals = (data!.ephemerals as Json[]).filter((e) => e.channel === ui.channel && !e.thread_ts).map((e): Json => ({ ...e, type: 'ephemeral' }));
  const top = (data!.messages[ui.channel] as Json[]).filter((m) => !m.thread_ts || m.thread_ts === m.ts || m.subtype === 'thread_broadcast');
  const label = ui.view === 'home' ? 'Shortlist — Home' : channelLabel(ui.channel);
  title.textContent = label;
  composer.root.hidden = ui.view === 'home';
  composer.box.setAttribute('aria-label', `Message ${label}`);
  composer.box.placeholder = `Message ${label} (type / for commands)`;
  redraw('main', [ui.view, ui.channel, ui.view === 'home' ? data!.home : [top, ephemerals, data!.messages[ui.channel], data!.people]], () => {
    if (ui.view === 'home') {
      const home = data!.home as Json | null;
      list.replaceChildren(home ? renderBlocks(home.blocks ?? [], context({ view_id: home.id })) : h('p', {}, 'Opening Home…'));
      return;
    }
    const all = [...top, ...ephemerals].sort((a, b) => Number(a.ts) - Number(b.ts));
    list.replaceChildren(...all.map((m) => messageOf(m, false)));
    list.scrollTop = list.scrollHeight;
  });
}

function drawThread(): void {
  threadPane.hidden = !ui.thread || ui.view !== 'channel';
  threadComposer.box.setAttribute('aria-label', 'Reply in thread');
  const messages = ((data!.messages[ui.channel] ?? []) as Json[]).filter((m) => m.ts === ui.thread || m.thread_ts === ui.thread);
  const ephemerals = (data!.ephemerals as Json[]).filter((e) => e.channel === ui.channel && ui.thread && e.thread_ts === ui.thread).map((e): Json => ({ ...e, type: 'ephemeral' }));
  redraw('thread', [ui.thread, messages, ephemerals], () => {
    threadList.replaceChildren(...[...messages, ...ephemerals].sort((a, b) => Number(a.ts) - Number(b.ts)).map((m) => messageOf(m, true)));
  });
}

function drawLog(): void {
  logPane.hidden = !ui.log;
  if (!ui.log) return;
  redraw('log', data!.log.length && data!.log[data!.log.length - 1], () => {
    logList.replaceChildren(...(data!.log as Json[]).map((entry) => h('details', { class: `${entry.kind}${entry.failed ? ' failed' : ''}` },
      h('summary', {}, `${new Date(entry.at).toLocaleTimeString()} ${entry.kind === 'api' ? '→ Slack' : '→ bot'} ${entry.method}${entry.response && entry.response.ok === false ? ` (${entry.response.error})` : ''}`),
      h('pre', {}, JSON.stringify({ body: entry.body, response: entry.response }, null, 2)))));
    logList.scrollTop = logList.scrollHeight;
  });
}

function drawModal(): void {
  const stack = data!.views as Json[];
  const view = stack[stack.length - 1];
  redraw('modal', [view?.id, view?.hash, ui.errors, stack.length], () => {
    if (!view) {
      modalRoot.replaceChildren();
      return;
    }
    const heading = h('h2', { id: 'modal-title' }, String(view.title?.text ?? ''));
    const body = h('div', { class: 'dialog-body' });
    body.append(renderBlocks(view.blocks ?? [], { ...context({ view_id: view.id }), act: (action) => void api("action", { view_id: view.id, values: collectValues(body), action }) }));
    const close = h('button', { type: 'button' }, String(view.close?.text ?? 'Cancel'));
    close.addEventListener('click', () => {
      ui.errors = {};
      void api('close');
    });
    const foot = h('div', { class: 'dialog-foot' }, stack.length > 1 ? h('span', { class: 'stack' }, `${stack.length} of ${stack.length} open`) : undefined, close);
    if (view.submit) {
      const submit = h('button', { type: 'submit', class: 'primary' }, String(view.submit.text));
      foot.append(submit);
    }
    const form = h('form', { role: 'dialog', 'aria-modal': 'true', 'aria-labelledby': 'modal-title' }, heading, body, foot);
    form.addEventListener('submit', (event) => {
      event.preventDefault();
      // Submitted with the files it shows: any upload still going finishes first.
      void uploadsSettled().then(() => api('submit', { view_id: view.id, values: collectValues(body) })).then((answer) => {
        ui.errors = answer.errors ?? {};
        drawn.delete('modal');
        draw();
      });
    });
    modalRoot.replaceChildren(h('div', { class: 'overlay' }, form));
  });
}

function draw(): void {
  if (!data) return;
  drawSidebar();
  drawMain();
  drawThread();
  drawLog();
  drawModal();
}

let inFlight = false;
async function refresh(): Promise<void> {
  if (inFlight) return;
  inFlight = true;
  try {
    const response = await fetch(`/sandbox/api/state?user=${encodeURIComponent(ui.user)}`);
    if (response.ok) data = (await response.json()) as Json;
    draw();
  } catch {
    // The bot is restarting (a reset): the next poll catches up.
  } finally {
    inFlight = false;
  }
}

document.getElementById('close-thread')!.addEventListener('click', () => {
  ui.thread = undefined;
  draw();
});
document.getElementById('show-log')!.addEventListener('click', () => {
  ui.log = !ui.log;
  drawn.delete('log');
  draw();
});
document.getElementById('reset')!.addEventListener('click', () => {
  if (confirm('Reset the sandbox? Every message, bug and setting goes.')) void api('reset');
});
document.getElementById('shortcuts')!.addEventListener('click', (event) => {
  const open = document.querySelector('.shortcut-menu');
  open?.remove();
  if (open) return;
  const globals = SANDBOX_MANIFEST.shortcuts.filter((s) => s.type === 'global');
  const menu = h('div', { role: 'menu', 'aria-label': 'Shortcuts', class: 'shortcut-menu' });
  for (const shortcut of globals) {
    const item = h('button', { type: 'button', role: 'menuitem' }, shortcut.name);
    item.addEventListener('click', () => {
      menu.remove();
      void api('shortcut', { callback_id: shortcut.callbackId, channel: ui.channel });
    });
    menu.append(item);
  }
  (event.currentTarget as HTMLElement).after(menu);
});

void refresh();
setInterval(() => void refresh(), 700);
