const SVG = 'http://www.w3.org/2000/svg';

/** An SVG element: `h` for the charts and graphs. */
export const svg = (tag: string, attributes: Record<string, string | number> = {}, ...children: (Node | string)[]): SVGElement => {
  const element = document.createElementNS(SVG, tag);
  for (const [name, value] of Object.entries(attributes)) element.setAttribute(name, String(value));
  element.append(...children);
  return element;
};

/** A hover tooltip. */
export const title = (text: string): SVGElement => svg('title', {}, text);
