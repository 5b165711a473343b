import { h } from './dom.js';

/** A modal "are you sure": resolves true only when the action button is pressed. */
export const confirmAction = (question: string, actionLabel: string): Promise<boolean> =>
  new Promise((resolve) => {
    const dialog = h(
      'dialog',
      { class: 'confirm-dialog' },
      h(
        'form',
        { method: 'dialog' },
        h('p', {}, question),
        h('menu', {}, h('button', { type: 'submit', value: 'cancel', class: 'secondary' }, 'Keep'), h('button', { type: 'submit', value: 'confirm', class: 'danger' }, actionLabel)),
      ),
    );
    dialog.addEventListener('close', () => {
      dialog.remove();
      resolve(dialog.returnValue === 'confirm');
    });
    document.body.append(dialog);
    dialog.showModal();
  });

/** Runs an action after confirmation, then reports its outcome in the page's notice area. */
export const confirmThen = async (question: string, actionLabel: string, action: () => Promise<string>, after: () => void): Promise<void> => {
  if (!(await confirmAction(question, actionLabel))) return;
  try {
    notify(await action());
  } catch (error) {
    notify(error instanceof Error ? error.message : String(error), true);
  }
  after();
};

export const notify = (message: string, failed = false): void => {
  const area = document.getElementById('notice');
  if (area === null) return;
  area.textContent = message;
  area.className = failed ? 'notice error' : 'notice';
};
