// Inversify's decorators record metadata through the Reflect API: load its polyfill before any
// decorated class is defined.
import 'reflect-metadata';
export { inject, injectable } from 'inversify';
