import { tgmcpConfig } from '@tgmcp/eslint-config';

export default tgmcpConfig({ tsconfigRootDir: import.meta.dirname });
