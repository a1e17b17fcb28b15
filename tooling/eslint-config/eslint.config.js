import { tgmcpConfig } from './index.js';

export default tgmcpConfig({ tsconfigRootDir: import.meta.dirname });
