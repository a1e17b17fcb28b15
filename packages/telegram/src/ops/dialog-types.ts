// Dialog type filters (no gramjs import: servers read these at startup).
export type DialogType = 'all' | 'user' | 'group' | 'supergroup' | 'channel';
export const DIALOG_TYPES: readonly DialogType[] = [
  'all',
  'user',
  'group',
  'supergroup',
  'channel',
];
