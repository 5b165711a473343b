import { h } from './dom.js';

const KEY_STORAGE = 'whatsnext.apiKey';

export const storedApiKey = (): string | null => sessionStorage.getItem(KEY_STORAGE);
export const forgetApiKey = (): void => sessionStorage.removeItem(KEY_STORAGE);

let asking: Promise<string> | null = null;

/**
 * Asks for the API key (once, however many requests were refused at the same time) and keeps it
 * for this tab's session only: sessionStorage dies with the tab, unlike localStorage.
 */
export const askForApiKey = (rejected: boolean): Promise<string> =>
  (asking ??= new Promise<string>((resolve) => {
    const input = h('input', { type: 'password', name: 'api-key', autocomplete: 'off', required: true, 'aria-label': 'API key' });
    const dialog = h(
      'dialog',
      { class: 'api-key-dialog' },
      h(
        'form',
        { method: 'dialog' },
        h('h2', {}, 'API key needed'),
        h('p', {}, rejected ? 'The server refused this key. Enter another one.' : 'This server requires an API key (sent as the X-API-Key header).'),
        input,
        h('menu', {}, h('button', { type: 'submit', value: 'use' }, 'Use key')),
      ),
    );
    dialog.addEventListener('close', () => {
      const key = input.value.trim();
      dialog.remove();
      if (key === '') {
        asking = null;
        void askForApiKey(rejected).then(resolve);
        return;
      }
      sessionStorage.setItem(KEY_STORAGE, key);
      asking = null;
      resolve(key);
    });
    document.body.append(dialog);
    dialog.showModal();
    input.focus();
  }));
