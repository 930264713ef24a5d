export { type Config, ConfigError, describeConfig, type LogLevel, loadConfig, VARIABLES } from './config.ts';
