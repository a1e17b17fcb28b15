// Dialog type filters, the one list (no gramjs import: servers read these at startup).
export const DIALOG_TYPES = ['all', 'user', 'group', 'supergroup', 'channel'] as const;
export type DialogType = (typeof DIALOG_TYPES)[number];
