export { Metrics } from './http-metrics.ts';
