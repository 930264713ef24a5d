export { chinaDay, chinaMinute, chinaTime, startOfChinaDay } from './china-day.ts';
