/** A tiny element builder: enough DOM for a dashboard without a framework. */
type Child = Node | string | number | null | undefined | false;
type Attributes = Record<string, string | number | boolean | null | undefined | ((event: Event) => void)>;

export const h = <K extends keyof HTMLElementTagNameMap>(tag: K, attributes: Attributes = {}, ...children: (Child | Child[])[]): HTMLElementTagNameMap[K] => {
  const element = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) {
    if (value === null || value === undefined || value === false) continue;
    if (typeof value === 'function') element.addEventListener(name.replace(/^on/, ''), value);
    else if (value === true) element.setAttribute(name, '');
    else element.setAttribute(name, String(value));
  }
  for (const child of children.flat()) {
    if (child === null || child === undefined || child === false) continue;
    element.append(typeof child === 'object' ? child : String(child));
  }
  return element;
};

export const statusBadge = (status: string): HTMLSpanElement => h('span', { class: `badge status-${status.toLowerCase()}` }, status);

/** "12 s ago", "3 min ago": heartbeats and updates read at a glance. */
export const ago = (iso: string | null, now = Date.now()): string => {
  if (iso === null) return '—';
  const seconds = Math.round((now - Date.parse(iso)) / 1000);
  if (seconds < 60) return `${seconds} s ago`;
  if (seconds < 3600) return `${Math.round(seconds / 60)} min ago`;
  if (seconds < 86_400) return `${Math.round(seconds / 3600)} h ago`;
  return `${Math.round(seconds / 86_400)} d ago`;
};

export const timestamp = (iso: string | null): string => (iso === null ? '—' : iso.replace('T', ' ').replace(/\.\d+Z$|Z$/, ' UTC'));

export const jobLink = (id: number, label: string | number = `#${id}`): HTMLAnchorElement => h('a', { href: `#/jobs/${id}` }, label);

export const errorBox = (error: unknown): HTMLElement => h('p', { class: 'error', role: 'alert' }, error instanceof Error ? error.message : String(error));
