export { AppError, conflict, type Issue, invalid, isAppError, notFound } from './app-error.ts';
