export { chinaDay, startOfChinaDay } from './china-day.ts';
