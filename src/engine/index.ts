export { SimError } from './errors.js';
export { EventQueue } from './queue.js';
export { Simulation, Priority, type Handler, type Dispatcher } from './simulation.js';
export { Stream, Streams } from './rng.js';
export { FcfsStation } from './station.js';
export * from './time.js';
export { hash32, hashUniform, saltOf } from './hash.js';
