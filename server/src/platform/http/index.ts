export { createHttpApp, type HttpApp, type HttpAppOptions } from './app.ts';
export { registerConsole } from './console-static.ts';
export { type ErrorEnvelope, renderEnvelope, sendError, toAppError } from './error-envelope.ts';
export { type ReadinessCheck, registerHealthRoutes } from './health.routes.ts';
