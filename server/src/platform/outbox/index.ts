export { Dispatcher, type DispatcherOptions, retryDelayMs } from './dispatcher.ts';
export { outboxMigrations } from './outbox.migrations.ts';
export { type NewEvent, Outbox, type OutboxEvent, type Subscriber } from './outbox.ts';
